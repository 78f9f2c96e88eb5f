import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../core/config.ts';
import { closeCore, createCore } from '../core/context.ts';
import { migrateToLatest } from '../core/db/index.ts';
import { isDatabaseEmpty, seedDemo } from '../core/demo/index.ts';
import { printLogins } from './accounts.ts';
import { buildSite, serverEntry, staleBuildReason } from './build.ts';
import { printSyncReport, syncAndIndex } from './knowledge-base.ts';

/** `portico start`: migrate, seed an empty portal (unless --no-demo), build when stale, then serve. */
export async function startCommand(args: string[]): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({ args, options: { 'no-demo': { type: 'boolean' } }, strict: true });
  const config = loadConfig();
  const core = createCore(config);
  try {
    const { applied } = await migrateToLatest(core.db);
    if (applied.length > 0) core.log.info({ applied }, 'migrated');
    if (await isDatabaseEmpty(core)) {
      if (values['no-demo']) {
        console.log(`No accounts yet: open ${config.publicUrl.origin}/setup to create the first administrator.`);
      } else {
        printLogins(await seedDemo(core));
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
  process.env['HOST'] = config.host;
  process.env['PORT'] = String(config.port);
  process.env['ASTRO_NODE_LOGGING'] = 'disabled';
  await import(pathToFileURL(serverEntry).href);
  console.log(
    `Portico is ready at ${config.publicUrl.origin} (listening on ${config.host}:${config.port}, started in ${Math.round(performance.now() - started)} ms)`,
  );
}
