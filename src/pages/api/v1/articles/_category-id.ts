import type { Core } from '../../../../core/context.ts';
import { getCategoryBySlug } from '../../../../core/kb/index.ts';

/** API callers may name a category by its slug where an id is asked for; ids pass through unchanged. */
export async function categoryIdFrom(core: Core, idOrSlug: string): Promise<string> {
  const bySlug = await getCategoryBySlug(core, idOrSlug);
  return bySlug?.id ?? idOrSlug;
}
