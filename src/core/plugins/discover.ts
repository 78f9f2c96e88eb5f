import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginCandidate } from './host.ts';

/**
 * The plugin folders under a directory (each with an index.ts), imported in this process. For plain
 * Node (the CLI, tests, the build); the server's bundle gets its plugins from the integration instead.
 * Folders starting with a dot (a plugin being added) are skipped.
 * @example
 * const candidates = await discoverPlugins(path.join(projectRoot, 'plugins'));
 */
export async function discoverPlugins(pluginsDir: string): Promise<PluginCandidate[]> {
  const candidates: PluginCandidate[] = [];
  for (const id of pluginFolders(pluginsDir)) {
    const dir = path.join(pluginsDir, id);
    try {
      candidates.push({ id, dir, module: await import(pathToFileURL(path.join(dir, 'index.ts')).href) });
    } catch (error) {
      candidates.push({ id, dir, loadError: error instanceof Error ? error.message : String(error) });
    }
  }
  return candidates;
}

/** The names of the folders under plugins/ that hold an index.ts. */
export function pluginFolders(pluginsDir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(pluginsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .filter((entry) => fs.existsSync(path.join(pluginsDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}
