import { PorticoError } from '../../../../../core/errors.ts';
import {
  disablePlugin,
  enablePlugin,
  installPlugin,
  pluginOverview,
  uninstallPlugin,
} from '../../../../../core/plugins/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../../server/api.ts';
import { pluginActionParams, pluginToJson, uninstallBody } from '../../../../../server/api-routes-plugins.ts';

export const POST = apiHandler(async (context) => {
  const admin = requireApiUser(context, 'admin');
  const { core } = context.locals;
  const id = context.params['id'] ?? '';
  const action = pluginActionParams.safeParse(context.params['action']);
  if (!action.success) throw new PorticoError('not_found', 'No such plugin operation.');
  if (action.data === 'install') await installPlugin(core, admin, id);
  if (action.data === 'enable') await enablePlugin(core, admin, id);
  if (action.data === 'disable') await disablePlugin(core, admin, id);
  if (action.data === 'uninstall') {
    const { confirm } = await readJson(context, uninstallBody);
    await uninstallPlugin(core, admin, id, confirm);
  }
  const plugin = (await pluginOverview(core)).find((candidate) => candidate.id === id);
  if (!plugin) throw new PorticoError('not_found', `There is no plugin "${id}".`);
  return json({ plugin: pluginToJson(plugin) });
});

export const ALL = methodNotAllowed;
