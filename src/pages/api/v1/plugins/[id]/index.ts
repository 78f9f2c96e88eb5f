import { PorticoError } from '../../../../../core/errors.ts';
import { listPluginFailures, pluginOverview, pluginSettings } from '../../../../../core/plugins/index.ts';
import { apiHandler, json, methodNotAllowed, requireApiUser } from '../../../../../server/api.ts';
import { pluginFailureToJson, pluginToJson } from '../../../../../server/api-routes-plugins.ts';

export const GET = apiHandler(async (context) => {
  requireApiUser(context, 'admin');
  const { core } = context.locals;
  const id = context.params['id'] ?? '';
  const plugin = (await pluginOverview(core)).find((candidate) => candidate.id === id);
  if (!plugin) throw new PorticoError('not_found', `There is no plugin "${id}".`);
  const definition = core.plugins.find(id)?.definition;
  const settings = definition && plugin.installedVersion ? await pluginSettings(core, definition) : null;
  const errors = (await listPluginFailures(core, id)).map(pluginFailureToJson);
  return json({ plugin: pluginToJson(plugin), settings, errors });
});

export const ALL = methodNotAllowed;
