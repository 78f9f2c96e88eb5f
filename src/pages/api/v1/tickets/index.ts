import type { APIContext } from 'astro';
import { answerNamePrefix, rawAnswersFromForm } from '../../../../core/catalog/index.ts';
import type { NewTicket, TicketFiles } from '../../../../core/tickets/index.ts';
import { createTicket, getTicket, listTickets, newTicketSchema } from '../../../../core/tickets/index.ts';
import { parseInput } from '../../../../core/validation.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { listTicketsQuery } from '../../../../server/api-routes-tickets.ts';
import { slaStatesOf } from '../../../../core/sla/index.ts';
import { isStaff } from '../../../../core/users/index.ts';
import { slaToJson, ticketApiPath, ticketToJson } from '../../../../server/api-schemas-tickets.ts';
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
  // The SLA is for agents and admins; customers get null (their pages show only when to expect an answer).
  const sla = isStaff(user)
    ? await slaStatesOf(
        context.locals.core,
        tickets.map((ticket) => ticket.id),
      )
    : new Map();
  return json({ tickets: tickets.map((ticket) => ticketToJson(ticket, slaToJson(sla.get(ticket.id)))), nextCursor });
});

// Optional text parts a form leaves empty mean "not given", as a missing JSON key does.
const optionalParts = ['priority', 'impact', 'urgency', 'requesterId', 'channel', 'groupId', 'assigneeId', 'tags'];

async function newTicketFromForm(context: APIContext): Promise<{ input: NewTicket; files: TicketFiles }> {
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
  return { input, files };
}

export const POST = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const { core } = context.locals;
  let input: NewTicket;
  let files: TicketFiles = {};
  if (isFormBody(context)) {
    ({ input, files } = await newTicketFromForm(context));
  } else {
    input = await readJson(context, newTicketSchema);
  }
  // A retried request with the same Idempotency-Key gets the ticket the first one made, not a second one.
  const idempotencyKey = context.request.headers.get('idempotency-key') ?? undefined;
  const created = await createTicket(core, user, { ...input, channel: input.channel ?? 'api' }, files, {
    idempotencyKey,
  });
  const detail = await getTicket(core, user, created.number);
  if (!detail) throw new Error('ticket vanished after create');
  return json({ ticket: ticketToJson(detail.ticket) }, 201, { Location: ticketApiPath(created.number) });
});

export const ALL = methodNotAllowed;
