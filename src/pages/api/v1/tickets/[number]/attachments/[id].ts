import { openAttachment } from '../../../../../../core/tickets/index.ts';
import { PorticoError } from '../../../../../../core/errors.ts';
import { apiHandler, methodNotAllowed, requireApiUser } from '../../../../../../server/api.ts';
import { attachmentResponse } from '../../../../../../server/uploads.ts';
import { ticketNumberFrom } from '../../_request.ts';

/** The file as a download; an attachment of a ticket or note the caller may not see is not found. */
export const GET = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const number = ticketNumberFrom(context);
  const file = await openAttachment(context.locals.core, user, number, context.params['id'] ?? '');
  if (!file) throw new PorticoError('not_found', 'No such attachment.', { hint: 'Check the ticket and attachment.' });
  return attachmentResponse(file);
});

export const ALL = methodNotAllowed;
