import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Core } from '../context.ts';
import { connectDatabase, dialectOf, listTableColumns } from '../db/index.ts';
import { PorticoError } from '../errors.ts';
import { porticoVersion } from '../plugins/index.ts';
import { createFileStore } from '../files/index.ts';
import { dataEntries, diskOnlyEntries, listFiles, pack, unpack } from './archive.ts';
import type { BackupManifest } from './archive.ts';
import { exportStoredFiles, importStoredFiles } from './stored-files.ts';

const run = promisify(execFile);

export type Progress = (step: string) => void;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every table, whatever its type
async function countRows(db: Kysely<any>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...(await listTableColumns(db)).keys()].sort()) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

function dataFiles(dataDir: string, entries: readonly string[]): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of entries) {
    const full = path.join(dataDir, entry);
    const list = fs.existsSync(full) && fs.statSync(full).isFile() ? [''] : listFiles(full);
    for (const file of list) {
      files++;
      bytes += fs.statSync(path.join(full, file)).size;
    }
  }
  return { files, bytes };
}

/**
 * Writes a consistent backup of a running portal to one .tar.gz: the database (SQLite's online
 * `VACUUM INTO` snapshot, or `pg_dump` for PostgreSQL), uploaded files, kept mail and the secret key.
 * Files in object storage are fetched into the archive's attachments/ and mail/ folders, the same
 * layout as from the data directory, so a backup restores onto either kind of storage.
 * The file is readable by its owner only: it holds everything, secrets included.
 * @example
 * const manifest = await createBackup(core, '/var/backups/portico.tar.gz');
 */
export async function createBackup(core: Core, out: string, progress: Progress = () => {}): Promise<BackupManifest> {
  const target = path.resolve(out);
  if (!fs.existsSync(path.dirname(target))) {
    throw new PorticoError('invalid_input', `There is no folder ${path.dirname(target)} to write the backup to.`);
  }
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-backup-'));
  try {
    const dialect = dialectOf(core.db);
    let tables: Record<string, number>;
    if (dialect === 'sqlite') {
      progress('snapshotting the SQLite database');
      const snapshot = path.join(staging, 'database.sqlite');
      await sql`vacuum into ${sql.lit(snapshot)}`.execute(core.db);
      const copy = connectDatabase({ dialect: 'sqlite', file: snapshot });
      tables = await countRows(copy);
      await copy.destroy();
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${snapshot}${suffix}`, { force: true });
    } else {
      progress('dumping the PostgreSQL database (pg_dump)');
      tables = await countRows(core.db);
      await run('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--file',
        path.join(staging, 'database.pgdump'),
        core.config.databaseUrl ?? '',
      ]);
    }
    // Files on this disk go into the archive straight from the data directory; others are fetched first.
    const local = core.files.localRoot === core.config.dataDir;
    const fromDataDir = local ? dataEntries : diskOnlyEntries;
    let { files, bytes } = dataFiles(core.config.dataDir, fromDataDir);
    if (!local) {
      progress(`copying files from ${core.files.description}`);
      const fetched = await exportStoredFiles(core.files, staging);
      files += fetched.files;
      bytes += fetched.bytes;
    }
    progress('packing files');
    const manifest: BackupManifest = {
      format: 'portico-backup/1',
      createdAt: new Date().toISOString(),
      porticoVersion,
      dialect,
      tables,
      files,
      bytes,
    };
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await pack(target, staging, core.config.dataDir, fromDataDir);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export interface RestoreOutcome {
  manifest: BackupManifest;
  tables: number;
  rows: number;
  files: number;
}

/**
 * Restores a backup into the configured data directory and database, which must be empty (no portal
 * yet) unless `force` is given. Run it with the portal stopped.
 */
export async function restoreBackup(
  config: Config,
  file: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<RestoreOutcome> {
  const progress = options.progress ?? (() => {});
  if (!fs.existsSync(file)) throw new PorticoError('invalid_input', `There is no backup file ${file}.`);
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-restore-'));
  try {
    progress('unpacking');
    let manifest: BackupManifest;
    try {
      manifest = await unpack(path.resolve(file), unpacked);
    } catch (error) {
      throw new PorticoError('invalid_input', (error as Error).message);
    }
    const wanted = config.databaseUrl ? 'postgres' : 'sqlite';
    if (manifest.dialect !== wanted) {
      throw new PorticoError(
        'invalid_input',
        `This is a ${manifest.dialect} backup; this portal is configured for ${wanted}.`,
        {
          hint:
            manifest.dialect === 'postgres' ? 'Set DATABASE_URL to restore it.' : 'Unset DATABASE_URL to restore it.',
        },
      );
    }
    fs.mkdirSync(config.dataDir, { recursive: true });
    const db =
      wanted === 'sqlite'
        ? await restoreSqlite(config, unpacked, options.force === true, progress)
        : await restorePostgres(config, unpacked, options.force === true, progress);
    const store = createFileStore(config);
    progress(`restoring files to ${store.description}`);
    await importStoredFiles(store, unpacked);
    for (const entry of diskOnlyEntries) {
      const from = path.join(unpacked, entry);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(config.dataDir, entry), { recursive: true, force: true });
    }
    const counts = await countRows(db);
    await db.destroy();
    return {
      manifest,
      tables: Object.keys(counts).length,
      rows: Object.values(counts).reduce((sum, n) => sum + n, 0),
      files: manifest.files,
    };
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }
}

const notEmpty = (where: string) =>
  new PorticoError('conflict', `${where} already holds a portal; restore into an empty one.`, {
    hint: 'Point PORTICO_DATA_DIR (or DATABASE_URL) at an empty place, or pass --force to replace it.',
  });

async function restoreSqlite(config: Config, unpacked: string, force: boolean, progress: Progress) {
  const target = path.join(config.dataDir, 'portico.db');
  if (fs.existsSync(target) && !force) throw notEmpty(`The data directory ${config.dataDir}`);
  progress('restoring the SQLite database');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.copyFileSync(path.join(unpacked, 'database.sqlite'), target);
  return connectDatabase({ dialect: 'sqlite', file: target });
}

async function restorePostgres(config: Config, unpacked: string, force: boolean, progress: Progress) {
  const url = config.databaseUrl ?? '';
  const db = connectDatabase({ dialect: 'postgres', url });
  if ((await listTableColumns(db)).has('portico_migrations') && !force) {
    await db.destroy();
    throw notEmpty('The database');
  }
  progress('restoring the PostgreSQL database (pg_restore)');
  await run('pg_restore', [
    '--no-owner',
    '--no-privileges',
    ...(force ? ['--clean', '--if-exists'] : []),
    '--dbname',
    url,
    path.join(unpacked, 'database.pgdump'),
  ]);
  return db;
}
