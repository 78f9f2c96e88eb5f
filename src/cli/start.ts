import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../core/config.ts';
import { closeCore, createCore } from '../core/context.ts';
import type { Core } from '../core/context.ts';
import { migrateToLatest } from '../core/db/index.ts';
import { isDatabaseEmpty, seedDemo } from '../core/demo/index.ts';
import { installPlugin, upgradeInstalledPlugins } from '../core/plugins/index.ts';
import { systemActor } from '../core/users/index.ts';
import { serveFromWorkers } from '../server/workers.ts';
import { printLogins } from './accounts.ts';
import { pluginHostFromDisk } from './plugins.ts';
import { buildSite, serverEntry, staleBuildReason } from './build.ts';
import { printSyncReport, syncAndIndex } from './knowledge-base.ts';

/** `portico start`: migrate, seed an empty portal (unless --no-demo), build when stale, then serve. */
export async function startCommand(args: string[]): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({ args, options: { 'no-demo': { type: 'boolean' } }, strict: true });
  const config = loadConfig();
  const core = createCore(config, { plugins: await pluginHostFromDisk() });
  try {
    const { applied } = await migrateToLatest(core.db);
    if (applied.length > 0) core.log.info({ applied }, 'migrated');
    await preparePlugins(core);
    if (await isDatabaseEmpty(core)) {
      if (values['no-demo']) {
        console.log(`No accounts yet: open ${config.publicUrl.origin}/setup to create the first administrator.`);
      } else {
        printLogins(await seedDemo(core));
        await installDemoPlugins(core);
      }
    }
    printSyncReport(await syncAndIndex(core));
  } finally {
    await closeCore(core);
  }
  const reason = staleBuildReason(config.publicUrl);
  if (reason) {
    console.log(`Building the site (${reason})…`);
    await buildSite();
  }
  process.env['ASTRO_NODE_LOGGING'] = 'disabled';
  await serveFromWorkers(pathToFileURL(serverEntry).href, config);
  const workers = config.workers > 1 ? `, ${config.workers} workers` : '';
  console.log(
    `Portico is ready at ${config.publicUrl.origin} (listening on ${config.host}:${config.port}${workers}, started in ${Math.round(performance.now() - started)} ms)`,
  );
}

/** Reports plugins that cannot run (the portal starts regardless) and runs upgraded plugins' migrations. */
async function preparePlugins(core: Core): Promise<void> {
  for (const plugin of core.plugins.all) {
    const problem = plugin.error ?? plugin.incompatible;
    if (problem) console.warn(`plugin ${plugin.id} is not loaded: ${problem}`);
  }
  if (core.config.safeMode) {
    console.warn('Safe mode (PORTICO_SAFE_MODE=1): every plugin is off.');
    return;
  }
  const { upgraded, failed } = await upgradeInstalledPlugins(core);
  if (upgraded.length > 0) console.log(`Upgraded plugins: ${upgraded.join(', ')}`);
  for (const id of failed)
    console.warn(`plugin ${id} could not be upgraded and was disabled; see /admin/plugins/${id}`);
}

/** A demo portal shows its plugins working: every usable plugin is installed (required ones first). */
async function installDemoPlugins(core: Core): Promise<void> {
  if (core.config.safeMode) return;
  let pending = core.plugins.usable().map((plugin) => plugin.id);
  while (pending.length > 0) {
    const failed: string[] = [];
    for (const id of pending) {
      try {
        await installPlugin(core, systemActor, id);
      } catch (error) {
        failed.push(id);
        core.log.debug({ plugin: id, err: error }, 'plugin not installed yet');
      }
    }
    if (failed.length === pending.length) {
      for (const id of failed) console.warn(`plugin ${id} could not be installed; see /admin/plugins/${id}`);
      break;
    }
    pending = failed;
  }
  const installed = core.plugins.usable().length - pending.length;
  if (installed > 0) console.log(`Installed ${installed} demo plugins; manage them at /admin/plugins.`);
}
