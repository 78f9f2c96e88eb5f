import { pluginOverview } from '../../../../core/plugins/index.ts';
import { apiHandler, json, methodNotAllowed, requireApiUser } from '../../../../server/api.ts';
import { pluginToJson } from '../../../../server/api-routes-plugins.ts';

export const GET = apiHandler(async (context) => {
  requireApiUser(context, 'admin');
  return json({ plugins: (await pluginOverview(context.locals.core)).map(pluginToJson) });
});

export const ALL = methodNotAllowed;
