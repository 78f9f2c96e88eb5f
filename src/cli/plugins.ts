import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import semver from 'semver';
import { loadConfig } from '../core/config.ts';
import { closeCore, createCore } from '../core/context.ts';
import type { Core } from '../core/context.ts';
import { migrateToLatest } from '../core/db/index.ts';
import {
  createPluginHost,
  disablePlugin,
  discoverPlugins,
  enablePlugin,
  installPlugin,
  pluginOverview,
  porticoVersion,
  uninstallPlugin,
} from '../core/plugins/index.ts';
import type { PluginCandidate, PluginHost } from '../core/plugins/index.ts';
import { systemActor } from '../core/users/index.ts';
import { buildSite, projectRoot } from './build.ts';
import { UsageError } from './output.ts';

export const defaultPluginsDir = path.join(projectRoot, 'plugins');

const usage = `Usage: portico plugin <list|add|install|enable|disable|uninstall> …

  plugin list [--json]                         every plugin in plugins/ with its version and state
  plugin add <folder|file.tgz|npm-package> [--force] [--no-build]
                                               validate a plugin, copy it into plugins/, rebuild
  plugin install <id>                          run its migrations and enable it
  plugin enable <id> | plugin disable <id>
  plugin uninstall <id> --confirm <id>         run its down migrations and delete its data`;

/** The plugins in plugins/, examined in this process. */
export async function pluginHostFromDisk(): Promise<PluginHost> {
  return createPluginHost(await discoverPlugins(defaultPluginsDir), porticoVersion);
}

/** `portico plugin …` */
export async function pluginCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      confirm: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (sub === 'add') {
    const source = positionals[0];
    if (!source || positionals.length > 1)
      throw new UsageError(`portico plugin add: give one folder, .tgz or package\n${usage}`);
    const added = await addPlugin(source, { force: values.force === true });
    console.log(`added ${added.id} ${added.version} to plugins/${added.id}`);
    if (values['no-build'] !== true) {
      console.log('Building the site…');
      await buildSite();
    }
    console.log(`Next: portico plugin install ${added.id} (and restart the server to load its code).`);
    return;
  }
  const needsId = ['install', 'enable', 'disable', 'uninstall'];
  if (sub !== 'list' && !needsId.includes(sub ?? '')) throw new UsageError(usage);
  if (sub !== 'list' && positionals.length !== 1) throw new UsageError(`portico plugin ${sub}: give one plugin id`);
  if (sub === 'list' && positionals.length > 0)
    throw new UsageError(`portico plugin list: unexpected argument '${positionals[0]}'`);
  const config = loadConfig();
  // Logs go to stderr: stdout carries the command's results (`plugin list --json`).
  const log = pino({ level: config.logLevel, base: { service: 'portico' } }, pino.destination(2));
  const core = createCore(config, { plugins: await pluginHostFromDisk(), log });
  try {
    await migrateToLatest(core.db);
    const id = positionals[0] ?? '';
    if (sub === 'list') return await printList(core, values.json === true);
    if (sub === 'install') {
      const installation = await installPlugin(core, systemActor, id);
      console.log(`installed ${id} ${installation.version}; it is enabled`);
    } else if (sub === 'enable') {
      await enablePlugin(core, systemActor, id);
      console.log(`enabled ${id}`);
    } else if (sub === 'disable') {
      await disablePlugin(core, systemActor, id);
      console.log(`disabled ${id}`);
    } else {
      const confirmation = typeof values.confirm === 'string' ? values.confirm : await askConfirmation(id);
      const { warning } = await uninstallPlugin(core, systemActor, id, confirmation);
      if (warning) console.error(`portico: ${warning}`);
      console.log(`uninstalled ${id}; its data was deleted`);
    }
  } finally {
    await closeCore(core);
  }
}

async function askConfirmation(id: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new UsageError(`portico plugin uninstall: this deletes ${id}'s data; confirm with --confirm ${id}`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await prompt.question(`Uninstalling deletes all data of ${id}. Type ${id} to confirm: `);
  } finally {
    prompt.close();
  }
}

async function printList(core: Core, json: boolean): Promise<void> {
  const plugins = await pluginOverview(core);
  if (json) {
    console.log(JSON.stringify(plugins, null, 2));
    return;
  }
  if (plugins.length === 0) {
    console.log('no plugins in plugins/');
    return;
  }
  if (core.config.safeMode) console.log('safe mode (PORTICO_SAFE_MODE=1): every plugin is off');
  for (const plugin of plugins) {
    const version = plugin.version ?? plugin.installedVersion ?? '-';
    const line = [plugin.id.padEnd(20), version.padEnd(10), plugin.state.padEnd(14), plugin.problem ?? ''];
    console.log(line.join(' ').trimEnd());
  }
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => !['node_modules', '.git'].includes(path.basename(source)),
  });
}

/** Where a plugin's files are, for a folder, a tarball or an npm package name (fetched with npm pack). */
function unpack(source: string, scratch: string): string {
  const local = path.resolve(source);
  if (fs.existsSync(local) && fs.statSync(local).isDirectory()) return local;
  let tarball = local;
  if (!fs.existsSync(local)) {
    if (/\.(tgz|tar\.gz)$/.test(source) || source.startsWith('.') || source.startsWith('/')) {
      throw new UsageError(`portico plugin add: there is no folder or file ${source}`);
    }
    if (!/^(@[\w.-]+\/)?[\w.-]+(@[\w.^~<>=-]+)?$/.test(source)) {
      throw new UsageError(`portico plugin add: ${source} is neither a folder, a .tgz file nor an npm package name`);
    }
    try {
      const packed = execFileSync('npm', ['pack', source, '--silent', '--pack-destination', scratch], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      tarball = path.join(scratch, packed.trim().split('\n').at(-1) ?? '');
    } catch (error) {
      throw new UsageError(
        `portico plugin add: npm could not fetch ${source} (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  const into = path.join(scratch, 'unpacked');
  fs.mkdirSync(into);
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', into], { stdio: 'pipe' });
  } catch {
    throw new UsageError(`portico plugin add: ${source} is not a readable .tgz archive`);
  }
  const entries = fs.readdirSync(into);
  return entries.length === 1 && fs.statSync(path.join(into, entries[0]!)).isDirectory()
    ? path.join(into, entries[0]!)
    : into;
}

/**
 * Brings a plugin's code into plugins/<id> after validating it where it will run: copied to a hidden
 * folder under plugins/ first (so its imports resolve), imported, checked, then moved into place. An
 * existing plugin is replaced only by a higher version, or with --force.
 */
export async function addPlugin(
  source: string,
  options: { force: boolean; into?: string },
): Promise<{ id: string; version: string }> {
  const pluginsDir = options.into ?? defaultPluginsDir;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-plugin-'));
  const incoming = path.join(pluginsDir, `.incoming-${randomBytes(4).toString('hex')}`);
  try {
    const from = unpack(source, scratch);
    if (!fs.existsSync(path.join(from, 'index.ts'))) {
      throw new UsageError(
        `portico plugin add: ${source} has no index.ts; a plugin default-exports definePlugin() there`,
      );
    }
    fs.mkdirSync(pluginsDir, { recursive: true });
    copyTree(from, incoming);
    let module: unknown;
    try {
      module = await import(pathToFileURL(path.join(incoming, 'index.ts')).href);
    } catch (error) {
      throw new UsageError(`portico plugin add: the plugin does not load: ${(error as Error).message.split('\n')[0]}`);
    }
    const declared = (module as { default?: { id?: unknown } }).default?.id;
    const id = typeof declared === 'string' ? declared : path.basename(from);
    const others = (await discoverPlugins(pluginsDir)).filter((candidate) => candidate.id !== id);
    const candidate: PluginCandidate = { id, dir: incoming, module };
    const examined = createPluginHost([...others, candidate], porticoVersion).find(id);
    if (!examined?.definition) {
      throw new UsageError(`portico plugin add: ${examined?.error ?? examined?.incompatible ?? 'invalid plugin'}`);
    }
    const target = path.join(pluginsDir, id);
    const existing = await currentVersion(target);
    const version = examined.definition.version;
    if (existing && !options.force && !semver.gt(version, existing)) {
      throw new UsageError(
        `portico plugin add: plugins/${id} already has version ${existing}; ${version} is not newer (use --force to replace it)`,
      );
    }
    if (fs.existsSync(target)) fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(incoming, target);
    return { id, version };
  } finally {
    fs.rmSync(incoming, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function currentVersion(dir: string): Promise<string | null> {
  if (!fs.existsSync(path.join(dir, 'index.ts'))) return null;
  try {
    const module = (await import(pathToFileURL(path.join(dir, 'index.ts')).href)) as {
      default?: { version?: unknown };
    };
    return typeof module.default?.version === 'string' ? module.default.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
