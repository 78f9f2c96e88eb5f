/**
 * Plugins: discovery and validation of plugins/<id>, their lifecycle (install, enable, disable,
 * uninstall, upgrade), settings and secrets, permissions, and isolated delivery of events and jobs.
 * @example
 * const core = createCore(config, { plugins: createPluginHost(await discoverPlugins('plugins'), porticoVersion) });
 * installPluginRuntime(core);
 * await installPlugin(core, admin, 'csat');
 */
export { createPluginHost, isUsable } from './host.ts';
export type { DiscoveredPlugin, PluginCandidate, PluginHost } from './host.ts';
export { discoverPlugins, pluginFolders } from './discover.ts';
export { porticoVersion } from './version.ts';
export { enabledPlugins, isPluginEnabled, pluginInstallation, pluginInstallations } from './installations.ts';
export type { PluginInstallation } from './installations.ts';
export { disablePlugin, enablePlugin, installPlugin, uninstallPlugin, upgradeInstalledPlugins } from './lifecycle.ts';
export { listPluginFailures, failuresBeforePause, recordPluginFailure } from './errors.ts';
export type { PluginFailure } from './errors.ts';
export { pluginSettings, savePluginSettings, secretsSet, setPluginSecret, settingsFromJson } from './settings.ts';
export { mapPluginPermissions, rolesHolding, userCan } from './permissions.ts';
export { pluginContext } from './plugin-context.ts';
export { scopedDatabase, tablePrefix } from './scoped-db.ts';
export { installPluginHandlers } from './dispatch.ts';
export { installPluginJobs, pluginJobType, schedulePluginJobs } from './scheduler.ts';
export { parseSchedule } from './schedule.ts';
export { defaultTimeoutMs, runIsolated } from './run-isolated.ts';
export { settingsFields, settingsFromForm } from './settings-form.ts';
export type { SettingsField } from './settings-form.ts';
export { pluginOverview } from './overview.ts';
export { pluginNav } from './nav.ts';
export { viewerOf } from './viewer.ts';
export type { PluginOverview } from './overview.ts';

import type { Core } from '../context.ts';
import { installPluginHandlers } from './dispatch.ts';
import { installPluginJobs } from './scheduler.ts';

/** Wires plugins into a core: their event handlers and the job that runs their schedules. */
export function installPluginRuntime(core: Core): void {
  installPluginHandlers(core);
  installPluginJobs(core);
}
