import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createBackup,
  restoreBackup,
  runScheduledBackup,
  setBackupSchedule,
  listBackups,
} from '../../../src/core/backup/index.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { closeCore, createCore } from '../../../src/core/context.ts';
import type { Core } from '../../../src/core/context.ts';
import { connectDatabase, listTableColumns, migrateToLatest } from '../../../src/core/db/index.ts';
import type { Db } from '../../../src/core/db/index.ts';
import { seedDemo } from '../../../src/core/demo/index.ts';
import { sealSecret } from '../../../src/core/secrets/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';

let root: string;
let core: Core;

function coreAt(dataDir: string): Core {
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' });
  fs.mkdirSync(dataDir, { recursive: true });
  return createCore(config, {
    db: connectDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'portico.db') }),
    log: pino({ level: 'silent' }),
  });
}

async function everyRow(db: Db): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of [...(await listTableColumns(db)).keys()].sort()) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    tables[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return tables;
}

function everyFile(dataDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of ['attachments', 'mail', 'secret.key']) {
    const full = path.join(dataDir, entry);
    if (!fs.existsSync(full)) continue;
    const list = fs.statSync(full).isFile()
      ? [full]
      : fs
          .readdirSync(full, { recursive: true, withFileTypes: true })
          .filter((item) => item.isFile())
          .map((item) => path.join(item.parentPath, item.name));
    for (const file of list) {
      files[path.relative(dataDir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    }
  }
  return files;
}

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-backup-test-'));
  core = coreAt(path.join(root, 'live'));
  await migrateToLatest(core.db);
  await seedDemo(core);
  fs.mkdirSync(path.join(core.config.dataDir, 'attachments'), { recursive: true });
  fs.writeFileSync(path.join(core.config.dataDir, 'attachments', 'abc123.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  sealSecret(core.config, 'make the key file exist');
}, 60_000);

afterEach(async () => {
  await closeCore(core);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('createBackup and restoreBackup', () => {
  it('restores into an empty directory with every table and file identical', async () => {
    const file = path.join(root, 'backup.tar.gz');
    const manifest = await createBackup(core, file);
    expect(manifest.format).toBe('portico-backup/1');
    expect(manifest.tables['users']).toBeGreaterThan(0);
    expect(manifest.files).toBe(2);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const target = path.join(root, 'restored');
    const outcome = await restoreBackup(loadConfig({ PORTICO_DATA_DIR: target }), file);
    expect(outcome.rows).toBe(Object.values(manifest.tables).reduce((sum, n) => sum + n, 0));
    const restored = connectDatabase({ dialect: 'sqlite', file: path.join(target, 'portico.db') });
    expect(await everyRow(restored)).toEqual(await everyRow(core.db));
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(restored);
    expect(rows[0]?.integrity_check).toBe('ok');
    await restored.destroy();
    expect(everyFile(target)).toEqual(everyFile(core.config.dataDir));
  }, 60_000);

  it('refuses to restore over a portal, a file that is not a backup, and a backup of the other dialect', async () => {
    const file = path.join(root, 'backup.tar.gz');
    await createBackup(core, file);
    await expect(restoreBackup(core.config, file)).rejects.toThrow(/already holds a portal; restore into an empty one/);
    const junk = path.join(root, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a backup');
    await expect(restoreBackup(loadConfig({ PORTICO_DATA_DIR: path.join(root, 'x') }), junk)).rejects.toThrow(
      'is not a readable backup archive',
    );
    await expect(
      restoreBackup(
        loadConfig({ PORTICO_DATA_DIR: path.join(root, 'y'), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }),
        file,
      ),
    ).rejects.toThrow('This is a sqlite backup; this portal is configured for postgres.');
    await expect(restoreBackup(core.config, path.join(root, 'missing.tar.gz'))).rejects.toThrow(
      'There is no backup file',
    );
  }, 60_000);
});

describe('runScheduledBackup', () => {
  it('writes a backup when one is due and keeps only the newest few', async () => {
    await setBackupSchedule(core, systemActor, { intervalHours: 1, keep: 2 });
    const start = new Date('2026-11-24T00:00:00Z');
    expect(await runScheduledBackup(core, start)).toMatch(/^portico-2026-11-24T00-00-00-000Z\.tar\.gz$/);
    // Files carry the real time as their age: the next is not due until an hour has passed.
    expect(await runScheduledBackup(core, new Date())).toBeNull();
    for (const hours of [2, 3]) await runScheduledBackup(core, new Date(Date.now() + hours * 3_600_000));
    expect(listBackups(core)).toHaveLength(2);
    await setBackupSchedule(core, systemActor, { intervalHours: 0, keep: 2 });
    expect(await runScheduledBackup(core, new Date(Date.now() + 9 * 3_600_000))).toBeNull();
    await expect(setBackupSchedule(core, systemActor, { intervalHours: -1, keep: 0 })).rejects.toThrow();
  }, 60_000);
});
