import type { APIContext } from 'astro';
import { answerNamePrefix, getRequestType, rawAnswersFromForm } from '../../../../core/catalog/index.ts';
import type { Core } from '../../../../core/context.ts';
import { PorticoError } from '../../../../core/errors.ts';
import type { NewTicket, TicketFiles } from '../../../../core/tickets/index.ts';
import { createTicket, getTicket, listTickets, newTicketSchema } from '../../../../core/tickets/index.ts';
import type { User } from '../../../../core/users/index.ts';
import { parseInput } from '../../../../core/validation.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { listTicketsQuery } from '../../../../server/api-routes-tickets.ts';
import { ticketApiPath, ticketToJson } from '../../../../server/api-schemas-tickets.ts';
import { fieldUploadsFrom, uploadsFrom } from '../../../../server/uploads.ts';
import { isFormBody, readFormBody, textParts } from './_request.ts';

const listKeys = new Set(['status', 'priority']);
const pageKeys = new Set(['cursor', 'limit']);

export const GET = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const raw: Record<string, string> = {};
  for (const [key, value] of context.url.searchParams) {
    // Repeated status/priority parameters read like a comma list.
    raw[key] = key in raw && listKeys.has(key) ? `${raw[key]},${value}` : value;
  }
  const query = parseInput(listTicketsQuery, raw);
  const filter = Object.fromEntries(Object.entries(query).filter(([key]) => !pageKeys.has(key)));
  const { tickets, nextCursor } = await listTickets(context.locals.core, user, filter, {
    ...(query.cursor !== undefined && { cursor: query.cursor }),
    limit: query.limit,
  });
  return json({ tickets: tickets.map(ticketToJson), nextCursor });
});

// Optional text parts a form leaves empty mean "not given", as a missing JSON key does.
const optionalParts = ['priority', 'impact', 'urgency', 'requesterId', 'channel', 'groupId', 'assigneeId', 'tags'];

async function newTicketFromForm(
  context: APIContext,
): Promise<{ input: NewTicket; files: TicketFiles; data: FormData }> {
  const data = await readFormBody(context);
  const text = textParts(data, (name) => name === 'attachments' || name.startsWith(answerNamePrefix));
  const { 'requester.email': email, 'requester.name': name, tags, ...rest } = text;
  for (const key of optionalParts) if (rest[key]?.trim() === '') delete rest[key];
  const input = {
    ...rest,
    ...(tags?.trim() && {
      tags: tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    }),
    ...((email !== undefined || name !== undefined) && { requester: { email, name } }),
    fields: rawAnswersFromForm(data),
  } as NewTicket;
  const files = { fields: await fieldUploadsFrom(data), attachments: await uploadsFrom(data, 'attachments') };
  return { input, files, data };
}

/**
 * Answers to file fields must come as uploaded files: a bare file name in JSON or a text part would
 * record a file that was never stored (the core takes the names it is given).
 */
async function assertFileFieldsUploaded(
  core: Core,
  user: User,
  input: NewTicket,
  given: (fieldId: string) => boolean,
): Promise<void> {
  if (typeof input.requestTypeId !== 'string') return;
  const requestType = await getRequestType(core, user, input.requestTypeId.trim());
  if (!requestType) return;
  const fields: Record<string, string> = {};
  for (const field of requestType.form.fields) {
    if (field.kind === 'file' && given(field.id)) {
      const name = `${answerNamePrefix}${field.id}`;
      fields[name] = `Upload the files as multipart/form-data parts named "${name}".`;
    }
  }
  const first = Object.values(fields)[0];
  if (first) throw new PorticoError('invalid_input', first, { details: { fields } });
}

const isGiven = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  !(typeof value === 'string' && value.trim() === '') &&
  !(Array.isArray(value) && value.length === 0);

export const POST = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const { core } = context.locals;
  let input: NewTicket;
  let files: TicketFiles = {};
  if (isFormBody(context)) {
    const form = await newTicketFromForm(context);
    ({ input, files } = form);
    await assertFileFieldsUploaded(core, user, input, (id) =>
      form.data.getAll(`${answerNamePrefix}${id}`).some((entry) => typeof entry === 'string' && entry.trim() !== ''),
    );
  } else {
    input = await readJson(context, newTicketSchema);
    const answers = (input.fields ?? {}) as Record<string, unknown>;
    await assertFileFieldsUploaded(core, user, input, (id) => Object.hasOwn(answers, id) && isGiven(answers[id]));
  }
  const created = await createTicket(core, user, { ...input, channel: input.channel ?? 'api' }, files);
  const detail = await getTicket(core, user, created.number);
  if (!detail) throw new Error('ticket vanished after create');
  return json({ ticket: ticketToJson(detail.ticket) }, 201, { Location: ticketApiPath(created.number) });
});

export const ALL = methodNotAllowed;
