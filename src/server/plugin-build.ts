import fs from 'node:fs';
import path from 'node:path';
import { pluginCandidates, plannedAt, pluginsDir } from 'virtual:portico/plugins';
import { pluginFolders } from '../core/plugins/index.ts';

export interface PluginCodeChanges {
  /** Folders in plugins/ that this build does not include. */
  added: string[];
  /** Plugins this build includes whose folder is gone. */
  removed: string[];
  /** Plugins whose files changed after the build read them. */
  changed: string[];
}

function newestModification(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .filter((child) => child !== 'node_modules')
    .reduce((newest, child) => Math.max(newest, newestModification(path.join(entry, child))), stat.mtimeMs);
}

/**
 * How plugins/ on disk differs from what the running build contains. Routes and bundled code are fixed
 * at build time, so admins are told to restart (`portico start` rebuilds) when this is not empty.
 */
export function pluginCodeChanges(): PluginCodeChanges {
  const built = new Set(pluginCandidates.map((candidate) => candidate.id));
  const onDisk = pluginFolders(pluginsDir);
  return {
    added: onDisk.filter((id) => !built.has(id)),
    removed: [...built].filter((id) => !onDisk.includes(id)),
    changed: onDisk.filter((id) => built.has(id) && newestModification(path.join(pluginsDir, id)) > plannedAt),
  };
}
