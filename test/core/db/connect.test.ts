import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectDatabase,
  dialectOf,
  listTableColumns,
  migrateToLatest,
  withSchemaScopedIntrospection,
} from '../../../src/core/db/index.ts';
import type { Db } from '../../../src/core/db/index.ts';

let directory: string;
const opened: Kysely<any>[] = [];

function open(file: string): Db {
  const db = connectDatabase({ dialect: 'sqlite', file });
  opened.push(db);
  return db;
}

async function pragma(db: Kysely<any>, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(db);
  const row = rows[0];
  return row ? Object.values(row)[0] : undefined;
}

async function tableNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
  return rows.map((row) => row.name);
}

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-db-test-'));
});

afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('connectDatabase', () => {
  it('opens a SQLite file in WAL mode with synchronous FULL, foreign keys and no sleeping busy timeout', async () => {
    const db = open(path.join(directory, 'portico.db'));
    expect(await pragma(db, 'journal_mode')).toBe('wal');
    expect(await pragma(db, 'synchronous')).toBe(2);
    expect(await pragma(db, 'foreign_keys')).toBe(1);
    expect(await pragma(db, 'busy_timeout')).toBe(0);
  });

  it('waits for another connection’s write lock between turns of the event loop', async () => {
    const file = path.join(directory, 'portico.db');
    const first = open(file);
    const second = open(file);
    await sql`create table notes (id integer primary key, body text)`.execute(first);
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    try {
      let releaseFirst!: () => void;
      const held = new Promise<void>((resolve) => (releaseFirst = resolve));
      const firstWrites = first.transaction().execute(async (trx) => {
        await sql`insert into notes (body) values ('first')`.execute(trx);
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const secondWrites = Promise.all([
        sql`insert into notes (body) values ('second')`.execute(second),
        second.transaction().execute((trx) => sql`insert into notes (body) values ('third')`.execute(trx)),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(ticks).toBeGreaterThan(5);
      releaseFirst();
      await Promise.all([firstWrites, secondWrites]);
      const { rows } = await sql<{ body: string }>`select body from notes order by id`.execute(second);
      expect(rows.map((row) => row.body)).toEqual(['first', expect.any(String), expect.any(String)]);
      expect(rows.map((row) => row.body).sort()).toEqual(['first', 'second', 'third']);
    } finally {
      clearInterval(ticking);
    }
  });

  it('gives up on a lock held for more than five seconds with SQLITE_BUSY', async () => {
    const file = path.join(directory, 'portico.db');
    const db = open(file);
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    const other = new BetterSqlite3(file, { timeout: 0 });
    try {
      other.exec('begin immediate');
      const started = Date.now();
      await expect(sql`insert into notes (body) values ('late')`.execute(db)).rejects.toMatchObject({
        code: 'SQLITE_BUSY',
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
      other.exec('rollback');
    } finally {
      other.close();
    }
  }, 10_000);

  it('creates the parent folders of the database file', async () => {
    const file = path.join(directory, 'nested', 'deeper', 'portico.db');
    const db = open(file);
    await sql`select 1`.execute(db);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('enforces foreign keys', async () => {
    const db = open(path.join(directory, 'portico.db'));
    await migrateToLatest(db);
    await expect(
      db
        .insertInto('sessions')
        .values({ id: 'x', user_id: 'nobody', created_at: 'now', expires_at: 'later', user_agent: null, ip: null })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('takes the write lock when a transaction begins (BEGIN IMMEDIATE), not at its first write', async () => {
    const file = path.join(directory, 'portico.db');
    const db = open(file);
    await migrateToLatest(db);
    const other = new BetterSqlite3(file, { timeout: 0 });
    try {
      await db.transaction().execute(async (trx) => {
        // Only a read so far: a deferred transaction would hold no write lock yet.
        await trx.selectFrom('users').select('id').execute();
        expect(() => other.exec('begin immediate')).toThrow(/locked|busy/i);
      });
      other.exec('begin immediate');
      other.exec('rollback');
    } finally {
      other.close();
    }
  });

  it('answers a repeated query after the schema changed under it (prepared statements are reused)', async () => {
    const db = open(':memory:');
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    await sql`insert into notes (body) values ('first')`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from notes`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1, body: 'first' }]);
    await sql`alter table notes add column author text`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1, body: 'first', author: null }]);
  });

  it('opens an in-memory database', async () => {
    const db = open(':memory:');
    expect(await pragma(db, 'foreign_keys')).toBe(1);
    expect(fs.readdirSync(directory)).toEqual([]);
  });
});

describe('dialectOf', () => {
  it('recognises a SQLite connection', () => {
    expect(dialectOf(open(':memory:'))).toBe('sqlite');
  });
});

describe('migrateToLatest', () => {
  it('creates every core table on an empty database', async () => {
    const db = open(path.join(directory, 'portico.db'));
    const { applied } = await migrateToLatest(db);
    expect(applied).toEqual([
      '2026_11_23_1800_accounts',
      '2026_11_23_1900_knowledge_base',
      '2026_11_23_2130_service_desk',
      '2026_11_23_2300_jobs',
      '2026_11_23_2310_sla',
      '2026_11_23_2320_webhooks',
      '2026_11_23_2330_notifications',
      '2026_11_23_2340_rules',
      '2026_11_23_2345_ticket_holds',
      '2026_11_23_2350_approvals',
      '2026_11_23_2355_escalations',
      '2026_11_24_0000_plugins',
      '2026_11_24_0100_reports',
      '2026_11_24_0200_mail',
      '2026_11_24_0300_outbox_leases',
      '2026_11_24_0400_idempotency',
      '2026_11_24_0500_public_content_version',
    ]);
    expect(await tableNames(db)).toEqual(
      expect.arrayContaining([
        'users',
        'organisations',
        'groups',
        'group_members',
        'sessions',
        'api_tokens',
        'auth_tokens',
        'auth_failures',
        'settings',
        'kb_categories',
        'kb_articles',
        'kb_article_tags',
        'kb_revisions',
        'kb_votes',
        'kb_synonyms',
        'kb_searches',
        'search_outbox',
        'counters',
        'request_types',
        'tickets',
        'ticket_messages',
        'ticket_attachments',
        'ticket_watchers',
        'ticket_tags',
        'ticket_relations',
        'ticket_audit',
        'ticket_presence',
        'saved_views',
        'canned_responses',
        'event_outbox',
        'jobs',
        'plugin_installations',
        'plugin_permission_roles',
        'plugin_errors',
        'sla_calendars',
        'sla_policies',
        'sla_ticket_states',
        'webhooks',
        'webhook_deliveries',
        'notification_templates',
        'notification_preferences',
        'automation_rules',
        'ticket_holds',
        'approval_requests',
        'sla_escalations',
        'report_ticket_facts',
        'report_open_spans',
        'report_targets',
        'report_digests',
        'mailboxes',
        'mail_messages',
        'mail_quarantine',
        'public_content_version',
        'portico_migrations',
      ]),
    );
  });

  it('applies nothing the second time', async () => {
    const file = path.join(directory, 'portico.db');
    const db = open(file);
    await migrateToLatest(db);
    expect(await migrateToLatest(db)).toEqual({ applied: [] });
    // Also across connections, as after a restart.
    await db.destroy();
    opened.splice(opened.indexOf(db), 1);
    expect(await migrateToLatest(open(file))).toEqual({ applied: [] });
  });

  it('applies another set of migrations in order and records them in their own table', async () => {
    const db = open(':memory:');
    const order: string[] = [];
    const migrations = {
      '2027_01_01_0000_first': {
        async up(trx: Kysely<any>) {
          order.push('first');
          await trx.schema
            .createTable('plugin_demo_items')
            .addColumn('id', 'text', (c) => c.primaryKey())
            .execute();
        },
      },
      '2027_01_02_0000_second': {
        async up(trx: Kysely<any>) {
          order.push('second');
          await trx.schema.alterTable('plugin_demo_items').addColumn('name', 'text').execute();
        },
      },
    };
    const { applied } = await migrateToLatest(db, { migrations, table: 'plugin_demo_migrations' });
    expect(applied).toEqual(['2027_01_01_0000_first', '2027_01_02_0000_second']);
    expect(order).toEqual(['first', 'second']);
    const tables = await tableNames(db);
    expect(tables).toContain('plugin_demo_migrations');
    expect(tables).toContain('plugin_demo_migrations_lock');
    expect(tables).not.toContain('portico_migrations');
    expect(tables).not.toContain('users');
  });

  it('names the migration that failed', async () => {
    const db = open(':memory:');
    const migrations = {
      '2027_01_01_0000_ok': { async up() {} },
      '2027_01_02_0000_broken': {
        async up() {
          throw new Error('boom');
        },
      },
    };
    await expect(migrateToLatest(db, { migrations, table: 'm' })).rejects.toThrow(
      'migration 2027_01_02_0000_broken failed: boom',
    );
  });
});

describe('listTableColumns and withSchemaScopedIntrospection', () => {
  it('lists the tables and columns of the current schema, for the migrator too', async () => {
    const db = open(':memory:');
    await db.schema.createTable('plugin_x_items').addColumn('id', 'text').addColumn('n', 'integer').execute();
    expect((await listTableColumns(db)).get('plugin_x_items')).toEqual(['id:TEXT', 'n:INTEGER']);
    const tables = await withSchemaScopedIntrospection(db).introspection.getTables();
    expect(tables.map((table) => table.name)).toEqual(['plugin_x_items']);
  });
});
