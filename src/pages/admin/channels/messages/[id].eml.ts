import type { APIRoute } from 'astro';
import { emlResponse, notFound } from '../../../../components/mail/eml-response.ts';
import { openOriginalMail } from '../../../../core/mail/index.ts';
import { isStaff } from '../../../../core/users/index.ts';

/**
 * Downloads the original .eml behind a mailed-in ticket or reply, for staff (agents too: it belongs to
 * their ticket); anyone else gets a plain 404.
 */
export const GET: APIRoute = async ({ locals, params }) => {
  const { core, user } = locals;
  if (!user || !isStaff(user)) return notFound();
  const id = params['id'] ?? '';
  if (id === '' || id.length > 100) return notFound();
  return emlResponse(await openOriginalMail(core, user, id));
};
