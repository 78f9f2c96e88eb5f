import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/core/db/index.ts';

let directory: string;
let db: Kysely<any>;

async function bodies(database: Kysely<any> = db): Promise<string[]> {
  const { rows } = await sql<{ body: string }>`select body from notes order by id`.execute(database);
  return rows.map((row) => row.body);
}

/** A promise and the function that settles it, to hold a transaction open. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

beforeEach(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-driver-test-'));
  db = connectDatabase({ dialect: 'sqlite', file: path.join(directory, 'portico.db') });
  await sql`create table notes (id integer primary key, body text not null)`.execute(db);
});

afterEach(async () => {
  await db.destroy();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('the SQLite driver (a write and a read connection)', () => {
  it('answers a read during an open transaction at once, with only what is committed', async () => {
    await sql`insert into notes (body) values ('committed')`.execute(db);
    const hold = gate();
    const inserted = gate();
    const writing = db.transaction().execute(async (trx) => {
      await sql`insert into notes (body) values ('uncommitted')`.execute(trx);
      expect(await bodies(trx)).toEqual(['committed', 'uncommitted']);
      inserted.open();
      await hold.opened;
    });
    await inserted.opened;
    expect(await bodies()).toEqual(['committed']);
    hold.open();
    await writing;
    expect(await bodies()).toEqual(['committed', 'uncommitted']);
  });

  it('lets transactions and single writes take turns, so none sees another half done', async () => {
    await sql`create table counter (value integer not null)`.execute(db);
    await sql`insert into counter (value) values (0)`.execute(db);
    const increment = () =>
      db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ value: number }>`select value from counter`.execute(trx);
        await new Promise((resolve) => setTimeout(resolve, 1));
        await sql`update counter set value = ${rows[0]!.value + 1}`.execute(trx);
      });
    await Promise.all([
      ...Array.from({ length: 20 }, increment),
      ...Array.from({ length: 5 }, (_, index) =>
        sql`insert into notes (body) values (${`single ${index}`})`.execute(db),
      ),
    ]);
    const { rows } = await sql<{ value: number }>`select value from counter`.execute(db);
    expect(rows[0]!.value).toBe(20);
    expect(await bodies()).toHaveLength(5);
  });

  it('keeps reading while another process holds the write lock, and writes once it lets go', async () => {
    await sql`insert into notes (body) values ('before')`.execute(db);
    const other = new BetterSqlite3(path.join(directory, 'portico.db'), { timeout: 0 });
    try {
      other.exec("begin immediate; insert into notes (body) values ('other')");
      const writing = sql`insert into notes (body) values ('mine')`.execute(db);
      const started = performance.now();
      expect(await bodies()).toEqual(['before']);
      expect(performance.now() - started).toBeLessThan(50);
      await new Promise((resolve) => setTimeout(resolve, 30));
      other.exec('commit');
      await writing;
      expect(await bodies()).toEqual(['before', 'other', 'mine']);
    } finally {
      other.close();
    }
  });

  it('runs a write that returns rows (insert … returning) on the write connection', async () => {
    const { rows } = await sql<{ id: number }>`insert into notes (body) values ('returned') returning id`.execute(db);
    expect(rows).toEqual([{ id: 1 }]);
    expect(await bodies()).toEqual(['returned']);
  });

  it('streams the rows of a select', async () => {
    for (const body of ['a', 'b', 'c']) await sql`insert into notes (body) values (${body})`.execute(db);
    const streamed: string[] = [];
    for await (const row of db.selectFrom('notes').select('body').orderBy('id').stream()) streamed.push(row.body);
    expect(streamed).toEqual(['a', 'b', 'c']);
  });

  it('rolls back to a savepoint inside a transaction', async () => {
    const trx = await db.startTransaction().execute();
    await sql`insert into notes (body) values ('kept')`.execute(trx);
    const saved = await trx.savepoint('before_mistake').execute();
    await sql`insert into notes (body) values ('undone')`.execute(saved);
    const restored = await saved.rollbackToSavepoint('before_mistake').execute();
    await restored.releaseSavepoint('before_mistake').execute();
    await trx.commit().execute();
    expect(await bodies()).toEqual(['kept']);
  });

  it('sees a column another process added (its cached read statements are prepared again)', async () => {
    await sql`insert into notes (body) values ('first')`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from notes`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1, body: 'first' }]);
    const other = new BetterSqlite3(path.join(directory, 'portico.db'));
    try {
      other.exec("alter table notes add column author text default 'someone'");
    } finally {
      other.close();
    }
    expect((await read()).rows).toEqual([{ id: 1, body: 'first', author: 'someone' }]);
  });

  it('has one connection for an in-memory database, where transactions still read their writes', async () => {
    const memory = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    try {
      await sql`create table notes (id integer primary key, body text not null)`.execute(memory);
      await memory.transaction().execute(async (trx) => {
        await sql`insert into notes (body) values ('in memory')`.execute(trx);
      });
      expect(await bodies(memory)).toEqual(['in memory']);
    } finally {
      await memory.destroy();
    }
  });
});
