import { z } from 'zod';
import type { Core } from '../context.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { ticketFilterSchema } from './listing.ts';
import type { TicketFilter } from './listing.ts';

export interface SavedView {
  id: string;
  name: string;
  filters: TicketFilter;
}

const savedViewSchema = z
  .object({
    name: z.string().trim().min(1, 'Name the view.').max(60, 'At most 60 characters.'),
    filters: ticketFilterSchema,
  })
  .strict();

/**
 * The caller's saved desk views, by name (agents).
 * @example
 * const views = await listSavedViews(core, agent);
 */
export async function listSavedViews(core: Core, actor: Actor | null): Promise<SavedView[]> {
  assertStaff(actor);
  const rows = await core.db
    .selectFrom('saved_views')
    .select(['id', 'name', 'filters'])
    .where('owner_id', '=', actor.id)
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, filters: JSON.parse(row.filters) as TicketFilter }));
}

/**
 * Saves the current filters under a name for the caller.
 * @example
 * await saveView(core, agent, { name: 'VPN incidents', filters: { kind: 'incident', tag: 'vpn' } });
 */
export async function saveView(
  core: Core,
  actor: Actor | null,
  raw: { name: string; filters: TicketFilter },
): Promise<SavedView> {
  assertStaff(actor);
  if (actor.role === 'system') throw new PorticoError('forbidden', 'Views belong to people.');
  const input = parseInput(savedViewSchema, raw);
  const count = await core.db
    .selectFrom('saved_views')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('owner_id', '=', actor.id)
    .executeTakeFirstOrThrow();
  if (Number(count.count) >= 50) throw new PorticoError('conflict', 'You can keep at most 50 saved views.');
  const view = { id: newId(), name: input.name, filters: input.filters };
  await core.db
    .insertInto('saved_views')
    .values({
      id: view.id,
      owner_id: actor.id,
      name: view.name,
      filters: JSON.stringify(view.filters),
      created_at: nowStored(),
    })
    .execute();
  return view;
}

export async function deleteSavedView(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertStaff(actor);
  const result = await core.db
    .deleteFrom('saved_views')
    .where('id', '=', id)
    .where('owner_id', '=', actor.id)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new PorticoError('not_found', 'No such view.');
}
