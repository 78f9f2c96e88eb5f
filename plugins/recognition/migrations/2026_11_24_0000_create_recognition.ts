import type { Kysely } from 'portico/plugin-api';

/** Kudos, the points ledger, badges, the rewards catalog and redemption requests. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plugin_recognition_kudos')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('from_id', 'text', (col) => col.notNull())
    .addColumn('to_id', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('points', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('badge', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('plugin_recognition_kudos_created')
    .on('plugin_recognition_kudos')
    .columns(['created_at'])
    .execute();
  await db.schema
    .createIndex('plugin_recognition_kudos_from')
    .on('plugin_recognition_kudos')
    .columns(['from_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('plugin_recognition_kudos_to')
    .on('plugin_recognition_kudos')
    .columns(['to_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('plugin_recognition_points')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('points', 'integer', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('reference_id', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // One credit per kudos, rating, training assignment and redemption: events may be delivered twice.
  await db.schema
    .createIndex('plugin_recognition_points_reference')
    .on('plugin_recognition_points')
    .columns(['reason', 'reference_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('plugin_recognition_points_user')
    .on('plugin_recognition_points')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('plugin_recognition_points_created')
    .on('plugin_recognition_points')
    .columns(['created_at'])
    .execute();

  await db.schema
    .createTable('plugin_recognition_badges')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('reference_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('plugin_recognition_badges_reference')
    .on('plugin_recognition_badges')
    .columns(['source', 'reference_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('plugin_recognition_badges_user')
    .on('plugin_recognition_badges')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('plugin_recognition_rewards')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('cost', 'integer', (col) => col.notNull())
    // null: unlimited.
    .addColumn('stock', 'integer')
    .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('plugin_recognition_redemptions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('reward_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('cost', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .execute();
  await db.schema
    .createIndex('plugin_recognition_redemptions_status')
    .on('plugin_recognition_redemptions')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('plugin_recognition_redemptions_user')
    .on('plugin_recognition_redemptions')
    .columns(['user_id', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['redemptions', 'rewards', 'badges', 'points', 'kudos']) {
    await db.schema.dropTable(`plugin_recognition_${table}`).ifExists().execute();
  }
}
