import { PorticoError } from '../../../../../../core/errors.ts';
import type { ReplyInput } from '../../../../../../core/tickets/index.ts';
import { apiHandler, json, methodNotAllowed, requireApiUser } from '../../../../../../server/api.ts';
import { uploadsFrom } from '../../../../../../server/uploads.ts';
import { replyFromForm, replyWithFiles } from '../../_reply.ts';
import { readFormBody, ticketNumberFrom } from '../../_request.ts';

/**
 * Files arrive as a message of their own: public for customers (the core refuses them an internal one),
 * an internal note when an agent sends internal=true.
 */
export const POST = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const number = ticketNumberFrom(context);
  const data = await readFormBody(context);
  const uploads = await uploadsFrom(data, 'attachments');
  if (uploads.length === 0) {
    throw new PorticoError('invalid_input', 'Attach at least one file.', {
      hint: 'Send the files as "attachments" parts of a multipart/form-data body.',
      details: { fields: { attachments: 'Attach at least one file.' } },
    });
  }
  const reply = replyFromForm(data);
  if (typeof reply['body'] !== 'string' || reply['body'].trim() === '') {
    reply['body'] = `Attached ${uploads.length} ${uploads.length === 1 ? 'file' : 'files'}.`;
  }
  const { attachments } = await replyWithFiles(context, user, number, reply as ReplyInput, uploads);
  return json({ attachments }, 201);
});

export const ALL = methodNotAllowed;
