import type { PluginDefinition, SlotName } from '../../plugin-api/types.ts';
import { incompatibility, manifestProblems } from './manifest.ts';

/**
 * A folder found under plugins/, as the host that found it hands it over: the imported module, or why
 * importing it failed. The server gets these from the integration's generated module, the CLI and tests
 * from `discoverPlugins`.
 */
export interface PluginCandidate {
  /** The folder's name. */
  id: string;
  /** The folder's absolute path, when known. */
  dir: string | null;
  /** The module `plugins/<id>/index.ts` exports. */
  module?: unknown;
  /** Why the module could not be imported. */
  loadError?: string;
  /** A problem found where the candidate was examined (the build), shown as is; the module is not loaded. */
  error?: string;
  /** Why it cannot run here, found where it was examined; the module is not loaded. */
  incompatible?: string;
  /** Name, version and description, for listing a plugin whose module was not loaded. */
  summary?: { name: string; version: string; description: string };
  /** The slot components, by slot name (web runtime only). */
  slotComponents?: Partial<Record<SlotName, unknown>>;
}

/** A plugin as Portico knows it: usable when it has a definition and neither error nor incompatibility. */
export interface DiscoveredPlugin {
  id: string;
  dir: string | null;
  definition: PluginDefinition | null;
  /** Why it could not be loaded (import failure, invalid manifest). */
  error: string | null;
  /** Why it cannot run with this Portico or these plugins. */
  incompatible: string | null;
  slotComponents: Partial<Record<SlotName, unknown>>;
  /** For a plugin whose module was not loaded (incompatible at build): what its manifest said. */
  summary?: { name: string; version: string; description: string } | null;
}

/** Every plugin found, and the one way to look one up. */
export interface PluginHost {
  readonly all: readonly DiscoveredPlugin[];
  find(id: string): DiscoveredPlugin | undefined;
  /** Valid, compatible plugins: the ones that may be installed and run. */
  usable(): DiscoveredPlugin[];
}

export function isUsable(plugin: DiscoveredPlugin): plugin is DiscoveredPlugin & { definition: PluginDefinition } {
  return plugin.definition !== null && plugin.error === null && plugin.incompatible === null;
}

/**
 * Validates candidates' manifests and compatibility; a broken plugin is kept with its error, never thrown.
 * @example
 * const host = createPluginHost(await discoverPlugins('plugins'), '0.1.0');
 */
export function createPluginHost(candidates: readonly PluginCandidate[], porticoVersion: string): PluginHost {
  const examined = candidates.map((candidate): DiscoveredPlugin => {
    const base = {
      id: candidate.id,
      dir: candidate.dir,
      definition: null,
      incompatible: null,
      slotComponents: candidate.slotComponents ?? {},
    };
    if (candidate.loadError !== undefined) return { ...base, error: `could not be loaded: ${candidate.loadError}` };
    if (candidate.error !== undefined) return { ...base, error: candidate.error };
    if (candidate.incompatible !== undefined) {
      return { ...base, error: null, incompatible: candidate.incompatible, summary: candidate.summary ?? null };
    }
    const definition = (candidate.module as { default?: unknown } | undefined)?.default;
    if (definition === undefined) {
      return { ...base, error: 'index.ts must default-export definePlugin({...})' };
    }
    const problems = manifestProblems(definition, candidate.id);
    if (problems.length > 0) return { ...base, error: `invalid manifest: ${problems.join('; ')}` };
    return { ...base, definition: definition as PluginDefinition, error: null };
  });
  const definitions = new Map(
    examined.flatMap((plugin) => (plugin.definition ? [[plugin.id, plugin.definition] as const] : [])),
  );
  for (const plugin of examined) {
    if (plugin.definition) plugin.incompatible = incompatibility(plugin.definition, porticoVersion, definitions);
    if (plugin.definition && plugin.incompatible) {
      const { name, version, description } = plugin.definition;
      plugin.summary = { name, version, description };
      plugin.definition = null;
    }
  }
  const sorted = examined.sort((a, b) => a.id.localeCompare(b.id));
  return {
    all: sorted,
    find: (id) => sorted.find((plugin) => plugin.id === id),
    usable: () => sorted.filter(isUsable),
  };
}
