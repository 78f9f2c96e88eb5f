import { PorticoError } from '../../../../../core/errors.ts';
import { deleteWebhook, getWebhook, updateWebhook, webhookPatchSchema } from '../../../../../core/webhooks/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../../server/api.ts';
import { webhookToJson } from '../../../../../server/api-routes-webhooks.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const webhook = await getWebhook(context.locals.core, actor, context.params.id ?? '');
  if (!webhook) throw new PorticoError('not_found', 'No such webhook.');
  return json({ webhook: webhookToJson(webhook) });
});

export const PATCH = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const patch = await readJson(context, webhookPatchSchema);
  const webhook = await updateWebhook(context.locals.core, actor, context.params.id ?? '', patch);
  return json({ webhook: webhookToJson(webhook) });
});

export const DELETE = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  await deleteWebhook(context.locals.core, actor, context.params.id ?? '');
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});

export const ALL = methodNotAllowed;
