import type { ReplyInput, Upload } from '../../../../../core/tickets/index.ts';
import { replySchema } from '../../../../../core/tickets/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../../server/api.ts';
import { uploadsFrom } from '../../../../../server/uploads.ts';
import { replyFromForm, replyWithFiles } from '../_reply.ts';
import { isFormBody, readFormBody, ticketNumberFrom } from '../_request.ts';

/** JSON, or multipart with the same names as text parts and files as "attachments". */
export const POST = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const number = ticketNumberFrom(context);
  let input: ReplyInput;
  let uploads: Upload[] = [];
  if (isFormBody(context)) {
    const data = await readFormBody(context);
    input = replyFromForm(data) as ReplyInput;
    uploads = await uploadsFrom(data, 'attachments');
  } else {
    input = await readJson(context, replySchema);
  }
  return json(await replyWithFiles(context, user, number, input, uploads), 201);
});

export const ALL = methodNotAllowed;
