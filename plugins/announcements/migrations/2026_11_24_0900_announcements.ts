import type { Kysely } from 'portico/plugin-api';

// Migrations are frozen in time, so they use an untyped Kysely handle.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plugin_announcements_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plugin_announcements_items_window')
    .on('plugin_announcements_items')
    .columns(['starts_at', 'ends_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plugin_announcements_items').execute();
}
