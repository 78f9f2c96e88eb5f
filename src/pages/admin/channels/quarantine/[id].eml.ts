import type { APIRoute } from 'astro';
import { emlResponse, notFound } from '../../../../components/mail/eml-response.ts';
import { openQuarantined } from '../../../../core/mail/index.ts';

/** Downloads a quarantined message as it arrived (admins only; anyone else gets a plain 404). */
export const GET: APIRoute = async ({ locals, params }) => {
  const { core, user } = locals;
  if (!user || user.role !== 'admin') return notFound();
  const id = params['id'] ?? '';
  if (id === '' || id.length > 100) return notFound();
  return emlResponse(await openQuarantined(core, user, id));
};
