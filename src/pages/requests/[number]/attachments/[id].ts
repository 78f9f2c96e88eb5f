import type { APIRoute } from 'astro';
import { openAttachment, parseTicketReference } from '../../../../core/tickets/index.ts';
import { attachmentResponse } from '../../../../server/uploads.ts';

function notFound(): Response {
  return new Response('Not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Downloads one attachment of a request, for the requester (and whoever else may see the ticket) and for
 * agents from the desk. Anything the caller may not open, signed in or not, is the same plain 404, so
 * neither the ticket nor the file is known to exist.
 */
export const GET: APIRoute = async ({ locals, params }) => {
  const { core, user } = locals;
  if (!user) return notFound();
  const number = parseTicketReference(params['number'] ?? '');
  const id = params['id'] ?? '';
  if (number === undefined || id === '' || id.length > 100) return notFound();
  const file = await openAttachment(core, user, number, id);
  if (!file) return notFound();
  return attachmentResponse(file);
};
