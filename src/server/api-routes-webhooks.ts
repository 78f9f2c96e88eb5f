import { z } from 'zod';
import { webhookInputSchema, webhookPatchSchema } from '../core/webhooks/index.ts';
import type { Webhook, WebhookDelivery } from '../core/webhooks/index.ts';
import type { ApiOperation } from './api-routes.ts';

export const webhookResource = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).meta({ description: 'Event types, or ["*"] for every event' }),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Webhook' });

export const webhookDeliveryResource = z
  .object({
    id: z.string(),
    deliveryId: z.string().meta({ description: 'The Portico-Delivery header; shared by the attempts of one delivery' }),
    eventId: z.string(),
    eventType: z.string(),
    attempt: z.number().int(),
    statusCode: z.number().int().nullable().meta({ description: 'null when the receiver never answered' }),
    ok: z.boolean(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    responseBody: z.string().nullable().meta({ description: 'The first 1 KB of the answer' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery' });

export function webhookToJson(webhook: Webhook): z.infer<typeof webhookResource> {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

export function webhookDeliveryToJson(delivery: WebhookDelivery): z.infer<typeof webhookDeliveryResource> {
  return {
    id: delivery.id,
    deliveryId: delivery.deliveryId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt: delivery.attempt,
    statusCode: delivery.statusCode,
    ok: delivery.ok,
    error: delivery.error,
    durationMs: delivery.durationMs,
    responseBody: delivery.responseBody,
    createdAt: delivery.createdAt.toISOString(),
  };
}

export const listDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** The webhooks REST API (admins); spread into `apiOperations`, from which the OpenAPI document is generated. */
export const webhookApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/webhooks',
    summary: 'List webhooks (admins); secrets are never listed',
    audience: 'admin',
    response: z.object({ webhooks: z.array(webhookResource) }),
  },
  {
    method: 'post',
    path: '/webhooks',
    summary:
      'Subscribe a URL to events (admins). Without a secret one is generated; the secret is in this answer only. ' +
      'Loopback, private and link-local addresses are refused with 422.',
    audience: 'admin',
    body: webhookInputSchema,
    response: z.object({
      webhook: webhookResource,
      secret: z
        .string()
        .meta({ description: 'Signs deliveries: Portico-Signature v1=HMAC-SHA256(secret, "<timestamp>.<body>")' }),
    }),
    status: 201,
  },
  {
    method: 'get',
    path: '/webhooks/{id}',
    summary: 'One webhook (admins)',
    audience: 'admin',
    response: z.object({ webhook: webhookResource }),
  },
  {
    method: 'patch',
    path: '/webhooks/{id}',
    summary: 'Change a webhook’s URL or events, or pause it (admins)',
    audience: 'admin',
    body: webhookPatchSchema,
    response: z.object({ webhook: webhookResource }),
  },
  {
    method: 'delete',
    path: '/webhooks/{id}',
    summary: 'Delete a webhook and its delivery log (admins)',
    audience: 'admin',
    response: z.null().meta({ description: 'No content' }),
    status: 204,
  },
  {
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    summary: 'A webhook’s delivery attempts, newest first (admins)',
    audience: 'admin',
    query: listDeliveriesQuery,
    response: z.object({ deliveries: z.array(webhookDeliveryResource) }),
  },
];
