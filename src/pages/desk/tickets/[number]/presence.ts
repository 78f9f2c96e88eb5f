import type { APIRoute } from 'astro';
import { z } from 'zod';
import { PorticoError } from '../../../../core/errors.ts';
import { notePresence, parseTicketReference } from '../../../../core/tickets/index.ts';
import { isStaff } from '../../../../core/users/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { presenceLines } from './_presence-lines.ts';

const presenceBodySchema = z
  .object({ activity: z.enum(['viewing', 'replying'], { error: 'Send activity "viewing" or "replying".' }) })
  .strict();

/**
 * The ticket page's collision check: notes that the caller is viewing or replying, and answers with the
 * other agents present and the lines the page shows about them.
 */
export const POST: APIRoute = apiHandler(async (context) => {
  const user = requireApiUser(context);
  const number = parseTicketReference(context.params['number'] ?? '');
  // Customers get the same answer as for a ticket that does not exist: the desk does not leak.
  if (!isStaff(user) || number === undefined) throw new PorticoError('not_found', 'No such ticket.');
  const { activity } = await readJson(context, presenceBodySchema);
  const others = await notePresence(context.locals.core, user, number, activity);
  return json({
    others: others.map((other) => ({ name: other.name, activity: other.activity, since: other.since.toISOString() })),
    lines: presenceLines(context.locals.t, others),
  });
});

export const ALL: APIRoute = (context) => methodNotAllowed(context);
