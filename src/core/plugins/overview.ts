import type { Core } from '../context.ts';
import { pluginInstallations } from './installations.ts';

/** A plugin as the admin page and `portico plugin list` show it. */
export interface PluginOverview {
  id: string;
  name: string;
  description: string;
  /** The version of the code in plugins/, when it loads. */
  version: string | null;
  /** The version whose migrations ran, when installed. */
  installedVersion: string | null;
  /** broken: its code does not load or its manifest is invalid; missing: installed, but its folder is gone. */
  state: 'broken' | 'incompatible' | 'not-installed' | 'enabled' | 'disabled' | 'paused' | 'missing';
  /** What is wrong, for people: a load or manifest error, an incompatibility, why it is paused. */
  problem: string | null;
  /** Installed at another version: the next start runs its new migrations. */
  upgradePending: boolean;
}

/**
 * Every plugin in plugins/ and every installed one, with its state; broken ones are listed with their
 * error so admins can see and fix them.
 */
export async function pluginOverview(core: Core): Promise<PluginOverview[]> {
  const installations = await pluginInstallations(core);
  const listed: PluginOverview[] = core.plugins.all.map((plugin) => {
    const installation = installations.get(plugin.id);
    const definition = plugin.definition ?? plugin.summary ?? null;
    const state: PluginOverview['state'] = plugin.error
      ? 'broken'
      : plugin.incompatible
        ? 'incompatible'
        : (installation?.state ?? 'not-installed');
    return {
      id: plugin.id,
      name: definition?.name ?? plugin.id,
      description: definition?.description ?? '',
      version: definition?.version ?? null,
      installedVersion: installation?.version ?? null,
      state,
      problem: plugin.error ?? plugin.incompatible ?? installation?.error ?? null,
      upgradePending: Boolean(installation && definition && installation.version !== definition.version),
    };
  });
  for (const installation of installations.values()) {
    if (core.plugins.find(installation.id)) continue;
    listed.push({
      id: installation.id,
      name: installation.id,
      description: '',
      version: null,
      installedVersion: installation.version,
      state: 'missing',
      problem: 'Installed, but its folder is no longer in plugins/ (or the build predates it).',
      upgradePending: false,
    });
  }
  return listed;
}
