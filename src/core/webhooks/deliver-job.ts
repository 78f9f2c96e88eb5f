import { performance } from 'node:perf_hooks';
import type { Core } from '../context.ts';
import { enqueueJob } from '../jobs/index.ts';
import { logDeliveryAttempt } from './deliveries.ts';
import { webhookOptions } from './options.ts';
import { postPinned } from './send.ts';
import { signWebhook } from './signature.ts';
import { assertWebhookUrlAllowed, resolveWebhookHost } from './url-policy.ts';

/**
 * The job type of one delivery, and the event type of test deliveries (never on the event bus).
 * @example
 * await core.db.selectFrom('jobs').where('type', '=', deliverJobType).selectAll().execute();
 */
export const deliverJobType = 'webhook.deliver';
/** @example if (payload.type === testEventType) return; */
export const testEventType = 'webhook.test';
export const maxAttempts = 8;

/** The job's payload: everything needed to send, so a retry sends the same body even after the outbox is pruned. */
export interface DeliverPayload {
  webhookId: string;
  deliveryId: string;
  eventId: string;
  type: string;
  createdAt: string;
  data: unknown;
}

export async function enqueueDelivery(core: Core, payload: DeliverPayload): Promise<void> {
  await enqueueJob(core.db, deliverJobType, payload, {
    dedupeKey: `webhook:${payload.eventId}:${payload.webhookId}`,
    maxAttempts,
  });
}

/** One attempt of one delivery: re-check and resolve the URL, POST signed, log the attempt, throw to retry. */
export async function deliver(core: Core, payload: DeliverPayload, attempt: number, now: Date): Promise<void> {
  const hook = await core.db.selectFrom('webhooks').selectAll().where('id', '=', payload.webhookId).executeTakeFirst();
  // Deleted or paused since: nothing to send (a test delivery goes out even to a paused hook).
  if (!hook || (hook.active !== 1 && payload.type !== testEventType)) return;
  const options = webhookOptions(core);
  const body = JSON.stringify({
    id: payload.eventId,
    type: payload.type,
    createdAt: payload.createdAt,
    data: payload.data,
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'Portico-Webhooks/1',
    'Portico-Event': payload.type,
    'Portico-Delivery': payload.deliveryId,
    'Portico-Timestamp': String(timestamp),
    'Portico-Signature': signWebhook(hook.secret, timestamp, body),
  };
  const started = performance.now();
  let statusCode: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    // Checked again at send time: the stored URL may predate today's rules, and names resolve anew.
    const url = assertWebhookUrlAllowed(hook.url, options.allowPrivateNetworks);
    const addresses = await resolveWebhookHost(url, options);
    const result = await postPinned(url, addresses, body, headers, options.timeoutMs);
    statusCode = result.statusCode;
    responseBody = result.body;
    if (statusCode < 200 || statusCode >= 300) error = `The receiver answered HTTP ${statusCode}.`;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  await logDeliveryAttempt(core.db, {
    webhookId: hook.id,
    deliveryId: payload.deliveryId,
    eventId: payload.eventId,
    eventType: payload.type,
    attempt,
    statusCode,
    error,
    durationMs: performance.now() - started,
    responseBody,
    at: now,
  });
  if (error) throw new Error(error);
}
