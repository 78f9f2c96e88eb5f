import { z } from 'zod';
import type { Core } from '../context.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff, isAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';

export interface CannedResponse {
  id: string;
  /** null for a response shared by every agent. */
  ownerId: string | null;
  title: string;
  body: string;
  updatedAt: Date;
}

export const cannedResponseSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the response a title.').max(120, 'At most 120 characters.'),
    body: z.string().trim().min(1, 'Write the response.').max(20_000, 'At most 20,000 characters.'),
    shared: z.boolean().default(false),
  })
  .strict();
export type CannedResponseInput = z.input<typeof cannedResponseSchema>;

/**
 * The shared responses and the caller's own, by title (agents).
 * @example
 * const responses = await listCannedResponses(core, agent);
 */
export async function listCannedResponses(core: Core, actor: Actor | null): Promise<CannedResponse[]> {
  assertStaff(actor);
  const rows = await core.db
    .selectFrom('canned_responses')
    .selectAll()
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', actor.id)]))
    .orderBy('title')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    body: row.body,
    updatedAt: fromStoredTime(row.updated_at),
  }));
}

/**
 * Saves a new canned response: personal, or shared (admins only).
 * @example
 * await createCannedResponse(core, agent, { title: 'Thanks', body: 'Hello {{requester.first_name}}, …' });
 */
export async function createCannedResponse(
  core: Core,
  actor: Actor | null,
  raw: CannedResponseInput,
): Promise<CannedResponse> {
  assertStaff(actor);
  const input = parseInput(cannedResponseSchema, raw);
  if (input.shared && !isAdmin(actor)) {
    throw new PorticoError('forbidden', 'Only administrators can share a response with every agent.');
  }
  const now = nowStored();
  const row = {
    id: newId(),
    owner_id: input.shared || actor.role === 'system' ? null : actor.id,
    title: input.title,
    body: input.body,
    created_at: now,
    updated_at: now,
  };
  await core.db.insertInto('canned_responses').values(row).execute();
  return { id: row.id, ownerId: row.owner_id, title: row.title, body: row.body, updatedAt: fromStoredTime(now) };
}

/** Deletes one's own response, or (admins) a shared one. */
export async function deleteCannedResponse(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertStaff(actor);
  const row = await core.db.selectFrom('canned_responses').select('owner_id').where('id', '=', id).executeTakeFirst();
  const mayDelete = row && (row.owner_id === actor.id || (row.owner_id === null && isAdmin(actor)));
  if (!mayDelete) throw new PorticoError('not_found', 'No such response.');
  await core.db.deleteFrom('canned_responses').where('id', '=', id).execute();
}

export interface PlaceholderValues {
  requester: { name: string; email: string };
  ticket: { reference: string; subject: string };
  agent: { name: string };
}

/**
 * Fills a response's placeholders: {{requester.name}}, {{requester.first_name}}, {{requester.email}},
 * {{ticket.number}}, {{ticket.subject}}, {{agent.name}}, {{agent.first_name}}. Unknown ones stay as written.
 * @example
 * fillPlaceholders('Hi {{requester.first_name}}', values); // 'Hi Casey'
 */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
  const table: Record<string, string> = {
    'requester.name': values.requester.name,
    'requester.first_name': firstName(values.requester.name),
    'requester.email': values.requester.email,
    'ticket.number': values.ticket.reference,
    'ticket.subject': values.ticket.subject,
    'agent.name': values.agent.name,
    'agent.first_name': firstName(values.agent.name),
  };
  return body.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, key: string) => table[key] ?? whole);
}
