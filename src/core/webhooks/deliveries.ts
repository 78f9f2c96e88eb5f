import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime, newId, toStoredTime } from '../db/values.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import type { WebhookDeliveryTable } from './webhook.table.ts';

/** One logged attempt to deliver an event to a webhook. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  /** The `Portico-Delivery` header: the same for every attempt of one delivery. */
  deliveryId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  /** The receiver's HTTP status, or null when it never answered. */
  statusCode: number | null;
  /** Why the attempt failed; null on success. */
  error: string | null;
  /** True for a 2xx answer. */
  ok: boolean;
  durationMs: number;
  /** The first 1 KB of the answer. */
  responseBody: string | null;
  createdAt: Date;
}

function rowToDelivery(row: Selectable<WebhookDeliveryTable>): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    deliveryId: row.delivery_id,
    eventId: row.event_id,
    eventType: row.event_type,
    attempt: row.attempt,
    statusCode: row.status_code,
    error: row.error,
    ok: row.error === null && row.status_code !== null && row.status_code >= 200 && row.status_code < 300,
    durationMs: row.duration_ms,
    responseBody: row.response_body,
    createdAt: fromStoredTime(row.created_at),
  };
}

export async function logDeliveryAttempt(
  db: Db,
  attempt: Omit<WebhookDelivery, 'id' | 'ok' | 'createdAt'> & { at: Date },
): Promise<void> {
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: newId(),
      webhook_id: attempt.webhookId,
      delivery_id: attempt.deliveryId,
      event_id: attempt.eventId,
      event_type: attempt.eventType,
      attempt: attempt.attempt,
      status_code: attempt.statusCode,
      error: attempt.error === null ? null : attempt.error.slice(0, 2000),
      duration_ms: Math.round(attempt.durationMs),
      response_body: attempt.responseBody,
      created_at: toStoredTime(attempt.at),
    })
    .execute();
}

/**
 * A webhook's delivery attempts, newest first (admins only).
 * @example
 * const attempts = await listWebhookDeliveries(core, admin, hook.id, { limit: 50 });
 */
export async function listWebhookDeliveries(
  core: Core,
  actor: Actor | null,
  webhookId: string,
  options: { limit?: number } = {},
): Promise<WebhookDelivery[]> {
  assertAdmin(actor);
  const rows = await core.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('created_at', 'desc')
    .orderBy('attempt', 'desc')
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
    .execute();
  return rows.map(rowToDelivery);
}

/**
 * The newest delivery attempt of each webhook, by webhook id (admins only), for overviews.
 * @example
 * const last = await lastWebhookDeliveries(core, admin); last.get(hook.id)?.ok;
 */
export async function lastWebhookDeliveries(core: Core, actor: Actor | null): Promise<Map<string, WebhookDelivery>> {
  assertAdmin(actor);
  const newest = core.db
    .selectFrom('webhook_deliveries')
    .select(['webhook_id', (eb) => eb.fn.max('created_at').as('created_at')])
    .groupBy('webhook_id')
    .as('newest');
  const rows = await core.db
    .selectFrom('webhook_deliveries')
    .innerJoin(newest, (join) =>
      join
        .onRef('newest.webhook_id', '=', 'webhook_deliveries.webhook_id')
        .onRef('newest.created_at', '=', 'webhook_deliveries.created_at'),
    )
    .selectAll('webhook_deliveries')
    .orderBy('webhook_deliveries.attempt')
    .execute();
  // Attempts logged in the same millisecond: the later attempt wins.
  return new Map(rows.map((row) => [row.webhook_id, rowToDelivery(row)]));
}
