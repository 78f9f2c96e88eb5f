import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { webhookOptions } from './options.ts';
import { webhookInputSchema, webhookPatchSchema } from './schemas.ts';
import type { WebhookEvents, WebhookInput, WebhookPatch } from './schemas.ts';
import { generateWebhookSecret } from './signature.ts';
import { assertWebhookUrlAllowed } from './url-policy.ts';
import type { WebhookTable } from './webhook.table.ts';

/** A webhook as admins see it; its secret is never part of it (it is shown once, on creation). */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvents;
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function rowToWebhook(row: Selectable<WebhookTable>): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEvents,
    active: row.active === 1,
    createdBy: row.created_by,
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
  };
}

/** Whether a hook subscribed to these events wants an event of this type. */
export function webhookWants(events: readonly string[], type: string): boolean {
  return events.includes('*') || events.includes(type);
}

/**
 * Subscribes a URL to events (admins only). The URL is refused when it points at a loopback, private or
 * link-local address; the secret is generated when not given and returned here only.
 * @example
 * const { webhook, secret } = await createWebhook(core, admin, { url: 'https://hooks.example.org/portico', events: ['*'] });
 */
export async function createWebhook(
  core: Core,
  actor: Actor | null,
  input: WebhookInput,
): Promise<{ webhook: Webhook; secret: string }> {
  assertAdmin(actor);
  const data = parseInput(webhookInputSchema, input);
  const url = assertWebhookUrlAllowed(data.url, webhookOptions(core).allowPrivateNetworks);
  const secret = data.secret ?? generateWebhookSecret();
  const now = nowStored();
  const row = {
    id: newId(),
    url: url.href,
    events: JSON.stringify(data.events),
    secret,
    active: data.active ? 1 : 0,
    created_by: actor.id === 'system' ? null : actor.id,
    created_at: now,
    updated_at: now,
  };
  await core.db.insertInto('webhooks').values(row).execute();
  return { webhook: rowToWebhook(row), secret };
}

/**
 * Every webhook, oldest first (admins only).
 * @example
 * const hooks = await listWebhooks(core, admin);
 */
export async function listWebhooks(core: Core, actor: Actor | null): Promise<Webhook[]> {
  assertAdmin(actor);
  const rows = await core.db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(rowToWebhook);
}

/**
 * One webhook, or undefined (admins only).
 * @example
 * const hook = await getWebhook(core, admin, id);
 */
export async function getWebhook(core: Core, actor: Actor | null, id: string): Promise<Webhook | undefined> {
  assertAdmin(actor);
  const row = await core.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToWebhook(row);
}

/**
 * Changes a webhook's URL, events or whether it is active (admins only); the URL is checked as on creation.
 * @example
 * await updateWebhook(core, admin, hook.id, { active: false });
 */
export async function updateWebhook(
  core: Core,
  actor: Actor | null,
  id: string,
  patch: WebhookPatch,
): Promise<Webhook> {
  assertAdmin(actor);
  const data = parseInput(webhookPatchSchema, patch);
  const url =
    data.url === undefined ? undefined : assertWebhookUrlAllowed(data.url, webhookOptions(core).allowPrivateNetworks);
  const result = await core.db
    .updateTable('webhooks')
    .set({
      ...(url && { url: url.href }),
      ...(data.events && { events: JSON.stringify(data.events) }),
      ...(data.active !== undefined && { active: data.active ? 1 : 0 }),
      updated_at: nowStored(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new PorticoError('not_found', 'No such webhook.');
  const webhook = await getWebhook(core, actor, id);
  if (!webhook) throw new PorticoError('not_found', 'No such webhook.');
  return webhook;
}

/**
 * Deletes a webhook and its delivery log (admins only); deliveries still queued for it are dropped.
 * @example
 * await deleteWebhook(core, admin, hook.id);
 */
export async function deleteWebhook(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  const deleted = await core.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    return trx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  });
  if (deleted.numDeletedRows === 0n) throw new PorticoError('not_found', 'No such webhook.');
}
