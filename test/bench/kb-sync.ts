/**
 * How long `portico kb sync` takes for 1,000 article files on a SQLite file (as the CLI uses it), a
 * first run and an unchanged second run. Run: node test/bench/kb-sync.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import { migrateToLatest } from '../../src/core/db/index.ts';
import { syncKnowledgeBase } from '../../src/core/kb/index.ts';
import { createContentDir, writeGeneratedFiles } from '../core/kb/fixtures.ts';

const files = Number(process.argv[2] ?? 1000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-sync-'));
const content = createContentDir();
writeGeneratedFiles(content, files);
const core = createCore(loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' }));
await migrateToLatest(core.db);
const first = await syncKnowledgeBase(core, content.root);
console.log(`kb_sync_first_run_${files}_files: ${first.ms} ms`);
const second = await syncKnowledgeBase(core, content.root);
console.log(`kb_sync_unchanged_run_${files}_files: ${second.ms} ms`);
console.log(`kb_sync_created: ${first.created.length} articles`);
await closeCore(core);
content.cleanup();
fs.rmSync(dataDir, { recursive: true, force: true });
