import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { ReadWriteSqliteDialect } from './sqlite-driver.ts';

export type Dialect = 'sqlite' | 'postgres';

export type Db = Kysely<Database>;

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/**
 * Keeps the most recently used prepared statements: Kysely prepares every query anew, and preparing
 * costs as much as running a short query. Safe because Kysely runs one query at a time per connection.
 */
function cacheStatements(database: BetterSqlite3.Database, size = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = database.prepare.bind(database);
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof database.prepare;
  return database;
}

function openSqlite(file: string, access: 'write' | 'read' = 'write'): BetterSqlite3.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Locks are waited for in the driver (sqlite-driver.ts), between turns of the event loop.
  database.pragma('busy_timeout = 0');
  if (access === 'read') database.pragma('query_only = ON');
  return cacheStatements(database);
}

/** Which dialect a connection speaks: the one place outside this file that may ask is dialect-specific SQL. */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

/**
 * Opens the database: SQLite (WAL, synchronous=FULL, foreign keys, BEGIN IMMEDIATE, a write and a read
 * connection) or PostgreSQL.
 * @example
 * const db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
 */
export function connectDatabase(target: DatabaseTarget): Db {
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const writer = openSqlite(target.file);
  const reader = target.file === ':memory:' ? null : openSqlite(target.file, 'read');
  return new Kysely<Database>({ dialect: new ReadWriteSqliteDialect(writer, reader) });
}

/** Every table of the current schema with its columns, in order: for checking what a migration changed. */
export async function listTableColumns(db: Kysely<any>): Promise<Map<string, string[]>> {
  const rows =
    dialectOf(db) === 'postgres'
      ? await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name || ':' || data_type as column_name from information_schema.columns
          where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)
      : await sql<{ table_name: string; column_name: string }>`
          select m.name as table_name, p.name || ':' || p.type as column_name
          from sqlite_master m join pragma_table_info(m.name) p
          where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`.execute(db);
  const tables = new Map<string, string[]>();
  for (const row of rows.rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  return tables;
}

/** PostgreSQL's current schema (where migrations keep their bookkeeping), or null on SQLite. */
export async function currentSchema(db: Kysely<any>): Promise<string | null> {
  if (dialectOf(db) !== 'postgres') return null;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? null;
}

/**
 * The same handle, but its introspection sees only the current schema. Kysely's migrator lists every
 * table of every schema to find its own bookkeeping table; on a shared PostgreSQL server (or in tests
 * that give each file a schema) that is slow and races with schemas being dropped elsewhere.
 */
export function withSchemaScopedIntrospection<T extends Kysely<any>>(db: T): T {
  const introspection = {
    async getSchemas() {
      const schema = await currentSchema(db);
      return schema ? [{ name: schema }] : [];
    },
    async getTables() {
      const schema = (await currentSchema(db)) ?? undefined;
      return [...(await listTableColumns(db)).keys()].map((name) => ({ name, schema, isView: false, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      // Kysely keeps its state in private fields, which only the real object can read.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Whether an error is a unique-constraint violation, in either dialect (a race two writers ran). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
