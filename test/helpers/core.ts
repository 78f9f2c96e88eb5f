import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import type { Core } from '../../src/core/context.ts';
import { connectDatabase, migrateToLatest } from '../../src/core/db/index.ts';

export interface TestCore extends Core {
  /** Where mail lands (`outbox/*.eml`) and files go; removed by close(). */
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A migrated core on a fresh in-memory SQLite database,
 * with a temporary data directory so outgoing mail can be read back.
 */
export async function createTestCore(environment: Record<string, string> = {}): Promise<TestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-test-'));
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent', ...environment });
  const db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
  await migrateToLatest(db);
  const core = createCore(config, { db, log: pino({ level: 'silent' }) });
  return {
    ...core,
    dataDir,
    async close() {
      await closeCore(core);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The messages written to the outbox so far, oldest first, as raw text. */
export function readOutbox(core: TestCore): string[] {
  const outbox = path.join(core.dataDir, 'outbox');
  if (!fs.existsSync(outbox)) return [];
  return fs
    .readdirSync(outbox)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => fs.readFileSync(path.join(outbox, name), 'utf8'));
}

/** The first link to the portal in a raw message whose path starts with prefix (quoted-printable undone). */
export function findLink(message: string, prefix: string): string | undefined {
  const text = message.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = text.match(new RegExp(`https?://[^\\s]+${prefix.replace(/\//g, '\\/')}[^\\s]*`));
  return match?.[0];
}
