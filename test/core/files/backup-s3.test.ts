import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '../../../src/core/backup/index.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { createCore } from '../../../src/core/context.ts';
import type { Core } from '../../../src/core/context.ts';
import { connectDatabase, migrateToLatest } from '../../../src/core/db/index.ts';
import { createFileStore } from '../../../src/core/files/index.ts';
import type { FileStore } from '../../../src/core/files/index.ts';
import { sealSecret } from '../../../src/core/secrets/index.ts';
import { useS3Portals } from './s3-portals.ts';

const files: Record<string, Buffer> = {
  'attachments/abc123': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]),
  'attachments/def456': randomBytes(300_000),
  'mail/2026-11-24-original.eml': Buffer.from('From: casey@northwind.example\r\n\r\nIt jams.\r\n'),
};

const portals = useS3Portals('portico-backup-s3-');

/** A portal with a SQLite file, the given file storage, the files above and a secret key file. */
async function portal(name: string, filesUrl?: string): Promise<Core> {
  const dataDir = path.join(portals.root, name);
  fs.mkdirSync(dataDir);
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent', PORTICO_FILES_URL: filesUrl });
  const core = createCore(config, {
    db: connectDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'portico.db') }),
    log: pino({ level: 'silent' }),
  });
  portals.keep(core);
  await migrateToLatest(core.db);
  for (const [key, bytes] of Object.entries(files)) await core.files.put(key, bytes);
  sealSecret(core.config, 'make the key file exist');
  return core;
}

async function contents(store: FileStore): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const prefix of ['attachments/', 'mail/']) {
    for await (const key of store.list(prefix)) found[key] = (await store.get(key)).toString('base64');
  }
  return found;
}

const expected = Object.fromEntries(Object.entries(files).map(([key, bytes]) => [key, bytes.toString('base64')]));

describe('createBackup and restoreBackup with S3-compatible storage', () => {
  it('puts the objects in the archive as the data directory would, and restores them into a data directory', async () => {
    const core = await portal('live', await portals.newBucket());
    const file = path.join(portals.root, 'backup.tar.gz');
    const manifest = await createBackup(core, file);
    expect(manifest.files).toBe(4);
    expect(manifest.bytes).toBe(
      Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0) +
        fs.statSync(path.join(core.config.dataDir, 'secret.key')).size,
    );
    const listed = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n');
    expect(listed.map((entry) => entry.replace(/^\.\//, ''))).toEqual(
      expect.arrayContaining([...Object.keys(files), 'secret.key', 'database.sqlite', 'manifest.json']),
    );

    const target = path.join(portals.root, 'restored');
    const outcome = await restoreBackup(loadConfig({ PORTICO_DATA_DIR: target }), file);
    expect(outcome.files).toBe(4);
    expect(await contents(createFileStore(loadConfig({ PORTICO_DATA_DIR: target })))).toEqual(expected);
    expect(fs.readFileSync(path.join(target, 'attachments', 'abc123'))).toEqual(files['attachments/abc123']);
    expect(fs.readFileSync(path.join(target, 'secret.key'))).toEqual(
      fs.readFileSync(path.join(core.config.dataDir, 'secret.key')),
    );
  }, 60_000);

  it('restores a backup of a data directory into a bucket, and the secret key into the data directory', async () => {
    const core = await portal('live');
    const file = path.join(portals.root, 'backup.tar.gz');
    await createBackup(core, file);
    const config = loadConfig({
      PORTICO_DATA_DIR: path.join(portals.root, 'restored'),
      PORTICO_FILES_URL: await portals.newBucket(),
    });
    await restoreBackup(config, file);
    expect(await contents(createFileStore(config))).toEqual(expected);
    expect(fs.existsSync(path.join(config.dataDir, 'attachments'))).toBe(false);
    expect(fs.existsSync(path.join(config.dataDir, 'secret.key'))).toBe(true);
  }, 60_000);
});
