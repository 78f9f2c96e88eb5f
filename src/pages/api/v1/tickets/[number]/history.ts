import { ticketHistory } from '../../../../../core/tickets/index.ts';
import { apiHandler, json, methodNotAllowed, requireApiUser } from '../../../../../server/api.ts';
import { ticketHistoryEntryToJson } from '../../../../../server/api-schemas-tickets.ts';
import { noSuchTicket, ticketNumberFrom } from '../_request.ts';

/** Agents and admins only; for customers the core answers undefined, so they get the same 404 as a stranger. */
export const GET = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const number = ticketNumberFrom(context);
  const entries = await ticketHistory(context.locals.core, user, number);
  if (!entries) throw noSuchTicket(number);
  return json({ entries: entries.map(ticketHistoryEntryToJson) });
});

export const ALL = methodNotAllowed;
