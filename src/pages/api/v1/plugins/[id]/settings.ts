import { PorticoError } from '../../../../../core/errors.ts';
import { pluginInstallation, savePluginSettings } from '../../../../../core/plugins/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../../server/api.ts';
import { settingsBody } from '../../../../../server/api-routes-plugins.ts';

export const PATCH = apiHandler(async (context) => {
  requireApiUser(context, 'admin');
  const { core } = context.locals;
  const id = context.params['id'] ?? '';
  const definition = core.plugins.find(id)?.definition;
  if (!definition) throw new PorticoError('not_found', `There is no usable plugin "${id}".`);
  if (!(await pluginInstallation(core, id))) {
    throw new PorticoError('conflict', `The plugin ${id} is not installed.`, { hint: 'Install it first.' });
  }
  const { settings } = await readJson(context, settingsBody);
  return json({ settings: await savePluginSettings(core, definition, settings) });
});

export const ALL = methodNotAllowed;
