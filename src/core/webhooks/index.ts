/**
 * Webhooks: admins subscribe URLs to events; Portico POSTs each event, signed with HMAC-SHA256, through the
 * durable job queue (retried with backoff, every attempt logged), and never to loopback, private or
 * link-local addresses — checked when saved and again, resolved and pinned, when sent.
 * @example
 * installWebhooks(core);
 * const { webhook, secret } = await createWebhook(core, admin, { url: 'https://hooks.example.org/in', events: ['ticket.created'] });
 * verifyWebhookSignature(secret, timestampHeader, rawBody, signatureHeader, new Date()); // on the receiving side
 */
export { isForbiddenAddress } from './address-policy.ts';
export { lastWebhookDeliveries, listWebhookDeliveries } from './deliveries.ts';
export type { WebhookDelivery } from './deliveries.ts';
export { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from './hooks.ts';
export type { Webhook } from './hooks.ts';
export { deliverJobType, testEventType } from './deliver-job.ts';
export { installWebhooks, sendTestWebhook } from './install.ts';
export type { WebhookOptions } from './options.ts';
export { webhookEventsSchema, webhookInputSchema, webhookPatchSchema } from './schemas.ts';
export type { WebhookEvents, WebhookInput, WebhookPatch } from './schemas.ts';
export { generateWebhookSecret, signWebhook, verifyWebhookSignature } from './signature.ts';
export { assertWebhookUrlAllowed, refusedMessage as webhookRefusedMessage, resolveWebhookHost } from './url-policy.ts';
export type { ResolvedAddress, WebhookLookup } from './url-policy.ts';
