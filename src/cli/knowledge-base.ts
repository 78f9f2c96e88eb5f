import path from 'node:path';
import type { Core } from '../core/context.ts';
import { applyStoredSynonyms, drainSearchOutbox, reindexAll, syncKnowledgeBase } from '../core/kb/index.ts';
import type { SyncReport } from '../core/kb/index.ts';
import { projectRoot } from './build.ts';
import { createProgress } from './progress.ts';
import type { Command } from './run.ts';

export const contentRoot = path.join(projectRoot, 'content', 'kb');

export function printSyncReport(report: SyncReport): void {
  console.log(
    `kb sync: ${report.created.length} created, ${report.updated.length} updated, ${report.unpublished.length} unpublished, ` +
      `${report.unchanged} unchanged, ${report.conflicts.length} conflicts, ${report.invalid.length} invalid (${report.ms} ms)`,
  );
  for (const conflict of report.conflicts) console.log(`conflict: ${conflict.path}: ${conflict.reason}`);
  for (const invalid of report.invalid) console.log(`invalid: ${invalid.path}: ${invalid.reason}`);
}

/** Syncs content/kb into the database and brings the search index up to date. */
export async function syncAndIndex(core: Core): Promise<SyncReport> {
  const report = await syncKnowledgeBase(core, contentRoot, createProgress('kb sync'));
  await applyStoredSynonyms(core);
  await drainSearchOutbox(core);
  return report;
}

export const kbSyncCommand: Command = {
  options: {},
  async run(core) {
    const report = await syncAndIndex(core);
    printSyncReport(report);
    if (report.invalid.length > 0) process.exitCode = 1;
  },
};

export const searchReindexCommand: Command = {
  options: {},
  async run(core) {
    await applyStoredSynonyms(core);
    const { articles, ms } = await reindexAll(core, createProgress('search reindex'));
    console.log(`search reindex: ${articles} articles indexed with ${core.search.primary.name} in ${ms} ms`);
  },
};
