import { PorticoError } from '../../../../../core/errors.ts';
import { getWebhook, listWebhookDeliveries } from '../../../../../core/webhooks/index.ts';
import { parseInput } from '../../../../../core/validation.ts';
import { apiHandler, json, methodNotAllowed, requireApiUser } from '../../../../../server/api.ts';
import { listDeliveriesQuery, webhookDeliveryToJson } from '../../../../../server/api-routes-webhooks.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const query = parseInput(listDeliveriesQuery, Object.fromEntries(context.url.searchParams));
  const webhook = await getWebhook(context.locals.core, actor, context.params.id ?? '');
  if (!webhook) throw new PorticoError('not_found', 'No such webhook.');
  const deliveries = await listWebhookDeliveries(context.locals.core, actor, webhook.id, { limit: query.limit });
  return json({ deliveries: deliveries.map(webhookDeliveryToJson) });
});

export const ALL = methodNotAllowed;
