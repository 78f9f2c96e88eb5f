import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import type { Core } from '../../src/core/context.ts';
import { connectDatabase, migrateToLatest, newId } from '../../src/core/db/index.ts';
import type { Db } from '../../src/core/db/index.ts';
import type { PluginHost } from '../../src/core/plugins/index.ts';

export interface TestCore extends Core {
  /** Where mail lands (`outbox/*.eml`) and files go; removed by close(). */
  dataDir: string;
  close(): Promise<void>;
}

/** Any number: the key of the advisory lock that test files take around schema changes. */
const schemaLock = 7_431_001;

/**
 * Runs work while holding a PostgreSQL advisory lock shared by every test file. Kysely's migrator
 * introspects every schema on the server, which fails when another file drops its schema at that
 * moment; taking turns for creating, migrating and dropping schemas rules the race out.
 */
async function whileHoldingSchemaLock<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [schemaLock]);
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database: in-memory SQLite, or, when TEST_DATABASE_URL is set, a schema of its own on
 * that PostgreSQL server (so test files can run in parallel), dropped again by the returned cleanup.
 */
async function freshDatabase(): Promise<{ db: Db; drop(): Promise<void> }> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) {
    const db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { db, drop: async () => {} };
  }
  const schema = `test_${newId()}`;
  const separator = url.includes('?') ? '&' : '?';
  const db = connectDatabase({
    dialect: 'postgres',
    url: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  });
  await whileHoldingSchemaLock(url, async (client) => {
    await client.query(`create schema ${schema}`);
    await migrateToLatest(db, { schema });
  });
  return {
    db,
    drop: () =>
      whileHoldingSchemaLock(url, (client) => client.query(`drop schema ${schema} cascade`)).then(() => undefined),
  };
}

/**
 * A migrated core on a fresh database (see freshDatabase), with a temporary data directory so
 * outgoing mail can be read back.
 */
export async function createTestCore(
  environment: Record<string, string> = {},
  parts: { plugins?: PluginHost } = {},
): Promise<TestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-test-'));
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent', ...environment });
  const { db, drop } = await freshDatabase();
  const core = createCore(config, {
    db,
    log: pino({ level: 'silent' }),
    ...(parts.plugins && { plugins: parts.plugins }),
  });
  return {
    ...core,
    dataDir,
    async close() {
      await closeCore(core);
      await drop();
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

/**
 * Two cores on one database, as two Portico instances would be: a SQLite file (two connections), or a
 * schema of its own on TEST_DATABASE_URL's PostgreSQL server. Each gets the plugins its host describes.
 */
export async function createSharedCores(
  plugins: () => PluginHost | undefined = () => undefined,
): Promise<{ cores: [Core, Core]; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-shared-'));
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' });
  const url = process.env['TEST_DATABASE_URL'];
  const schema = `test_${newId()}`;
  const open = (): Db => {
    if (!url) return connectDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'portico.db') });
    const separator = url.includes('?') ? '&' : '?';
    return connectDatabase({
      dialect: 'postgres',
      url: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    });
  };
  const first = open();
  if (url) {
    await whileHoldingSchemaLock(url, async (client) => {
      await client.query(`create schema ${schema}`);
      await migrateToLatest(first, { schema });
    });
  } else {
    await migrateToLatest(first);
  }
  const make = (db: Db) => {
    const host = plugins();
    return createCore(config, { db, log: pino({ level: 'silent' }), ...(host && { plugins: host }) });
  };
  const cores: [Core, Core] = [make(first), make(open())];
  return {
    cores,
    async close() {
      await Promise.all(cores.map((core) => closeCore(core)));
      if (url) await whileHoldingSchemaLock(url, (client) => client.query(`drop schema ${schema} cascade`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
