import { slaStatesOf } from '../../../../../core/sla/index.ts';
import { getTicket, ticketPatchSchema, updateTicket } from '../../../../../core/tickets/index.ts';
import { isStaff } from '../../../../../core/users/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../../server/api.ts';
import { slaToJson, ticketDetailToJson, ticketToJson } from '../../../../../server/api-schemas-tickets.ts';
import { noSuchTicket, ticketNumberFrom } from '../_request.ts';

export const GET = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const number = ticketNumberFrom(context);
  // Undefined for a ticket the caller may not see: a 404 either way, so existence does not leak.
  const detail = await getTicket(context.locals.core, user, number);
  if (!detail) throw noSuchTicket(number);
  const staff = isStaff(user);
  const sla = staff ? (await slaStatesOf(context.locals.core, [detail.ticket.id])).get(detail.ticket.id) : undefined;
  return json(ticketDetailToJson(detail, { staff, sla: slaToJson(sla) }));
});

export const PATCH = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const number = ticketNumberFrom(context);
  const patch = await readJson(context, ticketPatchSchema);
  const { core } = context.locals;
  const updated = await updateTicket(core, user, number, patch);
  const detail = await getTicket(core, user, updated.number);
  if (!detail) throw noSuchTicket(number);
  return json({ ticket: ticketToJson(detail.ticket) });
});

export const ALL = methodNotAllowed;
