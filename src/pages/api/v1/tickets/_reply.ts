import type { APIContext } from 'astro';
import type { ReplyInput, Upload } from '../../../../core/tickets/index.ts';
import { getTicket, replyToTicket } from '../../../../core/tickets/index.ts';
import type { User } from '../../../../core/users/index.ts';
import { isStaff } from '../../../../core/users/index.ts';
import { ticketAttachmentToJson, ticketMessageToJson } from '../../../../server/api-schemas-tickets.ts';
import { formBoolean, textParts } from './_request.ts';

/** A reply's fields from a form's text parts (files are "attachments"); unknown names are left for the core to refuse. */
export function replyFromForm(data: FormData): Record<string, unknown> {
  const { internal, status, timeSpentMinutes, ...rest } = textParts(data, (name) => name === 'attachments');
  return {
    ...rest,
    ...(internal !== undefined && { internal: formBoolean(internal) }),
    ...(status?.trim() && { status }),
    ...(timeSpentMinutes?.trim() && { timeSpentMinutes }),
  };
}

/** Replies through the core and answers with the new message and the files stored with it. */
export async function replyWithFiles(
  context: APIContext,
  user: User,
  number: number,
  input: ReplyInput,
  uploads: Upload[],
) {
  const { core } = context.locals;
  const message = await replyToTicket(core, user, number, input, uploads);
  const detail = await getTicket(core, user, number);
  const attachments = (detail?.attachments ?? []).filter((attachment) => attachment.messageId === message.id);
  return {
    message: ticketMessageToJson(message, { staff: isStaff(user) }),
    attachments: attachments.map((attachment) => ticketAttachmentToJson(attachment, number)),
  };
}
