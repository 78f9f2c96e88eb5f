import { createWebhook, listWebhooks, webhookInputSchema } from '../../../../core/webhooks/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { webhookToJson } from '../../../../server/api-routes-webhooks.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const webhooks = await listWebhooks(context.locals.core, actor);
  return json({ webhooks: webhooks.map(webhookToJson) });
});

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context, 'admin');
  const input = await readJson(context, webhookInputSchema);
  const { webhook, secret } = await createWebhook(context.locals.core, actor, input);
  return json({ webhook: webhookToJson(webhook), secret }, 201);
});

export const ALL = methodNotAllowed;
