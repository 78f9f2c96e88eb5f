import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { dialectOf, listTableColumns } from '../connect.ts';

/**
 * The tables the pages shown to anonymous readers are made from (the knowledge base, the portal's
 * settings, which plugins are on). Frozen here as they were when this migration was written: a later
 * migration that makes a new table part of those pages adds its own trigger.
 */
const publicTables = [
  'kb_articles',
  'kb_revisions',
  'kb_categories',
  'kb_article_tags',
  'settings',
  'plugin_installations',
];

/**
 * Columns whose changes do not move the version: every process writes view counts each second, and
 * they only order the knowledge base's popular list, which may trail them by a kept page's minute.
 * Every other column, as the table is when this runs, does (test/core/public-content checks each).
 */
const untrackedColumns: Record<string, string[]> = { kb_articles: ['view_count'] };

/** `update`, or `update of` every column but the untracked ones. */
async function updateEvent(db: Kysely<any>, table: string): Promise<RawBuilder<unknown>> {
  const untracked = untrackedColumns[table];
  if (!untracked) return sql`update`;
  const columns = ((await listTableColumns(db)).get(table) ?? [])
    .map((column) => column.split(':')[0]!)
    .filter((column) => !untracked.includes(column));
  return sql`update of ${sql.join(columns.map((column) => sql.id(column)))}`;
}

/**
 * A random number rather than a counter: after a restore the value is the backup's, which only ever
 * named the data in that backup, so a page remembered under it is still that data's page.
 */
const sqliteNewVersion = 'abs(random() % 9007199254740991)';
const postgresNewVersion = 'floor(random() * 9007199254740991)::bigint';

/**
 * One row whose value changes in the same transaction as any write to those tables, made by database
 * triggers so that no writer — a request, the CLI, a plugin, a restore, another instance — can forget
 * it. Shared pages are remembered under it (src/server/page-cache.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('public_content_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  if (dialectOf(db) === 'postgres') {
    await sql`insert into public_content_version (id, version) values (1, ${sql.raw(postgresNewVersion)})`.execute(db);
    await sql`
      create function bump_public_content_version() returns trigger language plpgsql as $$
      begin
        update public_content_version set version = ${sql.raw(postgresNewVersion)} where id = 1;
        return null;
      end $$`.execute(db);
    for (const table of publicTables) {
      await sql`
        create trigger ${sql.id(`${table}_public_content`)}
        after insert or ${await updateEvent(db, table)} or delete or truncate on ${sql.table(table)}
        for each statement execute function bump_public_content_version()`.execute(db);
    }
    return;
  }
  await sql`insert into public_content_version (id, version) values (1, ${sql.raw(sqliteNewVersion)})`.execute(db);
  for (const table of publicTables) {
    for (const event of ['insert', 'update', 'delete']) {
      const when = event === 'update' ? await updateEvent(db, table) : sql.raw(event);
      await sql`
        create trigger ${sql.id(`${table}_public_content_${event}`)} after ${when} on ${sql.table(table)}
        begin update public_content_version set version = ${sql.raw(sqliteNewVersion)} where id = 1; end`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const table of publicTables)
      await sql`drop trigger ${sql.id(`${table}_public_content`)} on ${sql.table(table)}`.execute(db);
    await sql`drop function bump_public_content_version()`.execute(db);
  } else {
    for (const table of publicTables) {
      for (const event of ['insert', 'update', 'delete'])
        await sql`drop trigger ${sql.id(`${table}_public_content_${event}`)}`.execute(db);
    }
  }
  await db.schema.dropTable('public_content_version').execute();
}
