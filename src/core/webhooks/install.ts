import type { Core } from '../context.ts';
import { newId } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { deliver, deliverJobType, enqueueDelivery, maxAttempts, testEventType } from './deliver-job.ts';
import type { DeliverPayload } from './deliver-job.ts';
import { webhookWants } from './hooks.ts';
import { setWebhookOptions } from './options.ts';
import type { WebhookOptions } from './options.ts';

/**
 * Wires webhooks into a core: every committed event ('*') is queued, once per matching active hook
 * (dedupe key `webhook:<eventId>:<hookId>`, so an event the bus delivers twice is sent once), and the
 * `webhook.deliver` job POSTs it signed, retrying up to 8 times with backoff. Call once per process.
 * @example
 * installWebhooks(core, { allowPrivateNetworks: process.env.PORTICO_WEBHOOKS_ALLOW_PRIVATE === '1' });
 */
export function installWebhooks(core: Core, options: WebhookOptions = {}): void {
  setWebhookOptions(core, options);
  core.jobs.define<DeliverPayload>({
    type: deliverJobType,
    maxAttempts,
    run: (payload, context) => deliver(core, payload, context.attempt, context.now),
  });
  core.events.on('*', async (event) => {
    const hooks = await core.db.selectFrom('webhooks').select(['id', 'events']).where('active', '=', 1).execute();
    for (const hook of hooks) {
      if (!webhookWants(JSON.parse(hook.events) as string[], event.type)) continue;
      await enqueueDelivery(core, {
        webhookId: hook.id,
        deliveryId: newId(),
        eventId: event.id,
        type: event.type,
        createdAt: event.createdAt.toISOString(),
        data: event.payload,
      });
    }
  });
}

/**
 * Queues a `webhook.test` delivery to one hook (admins only), even when the hook is paused.
 * @example
 * const { eventId } = await sendTestWebhook(core, admin, hook.id);
 */
export async function sendTestWebhook(
  core: Core,
  actor: Actor | null,
  webhookId: string,
  now: Date = new Date(),
): Promise<{ eventId: string; deliveryId: string }> {
  assertAdmin(actor);
  const hook = await core.db.selectFrom('webhooks').select('id').where('id', '=', webhookId).executeTakeFirst();
  if (!hook) throw new PorticoError('not_found', 'No such webhook.');
  const payload = {
    webhookId,
    deliveryId: newId(),
    eventId: newId(),
    type: testEventType,
    createdAt: now.toISOString(),
    data: { webhookId, message: 'A test delivery from Portico.' },
  };
  await enqueueDelivery(core, payload);
  return { eventId: payload.eventId, deliveryId: payload.deliveryId };
}
