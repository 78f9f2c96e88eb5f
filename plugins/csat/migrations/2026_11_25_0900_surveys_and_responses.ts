import type { Kysely } from 'portico/plugin-api';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plugin_csat_surveys')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('ticket_id', 'text', (column) => column.notNull().unique())
    .addColumn('ticket_number', 'integer', (column) => column.notNull())
    .addColumn('requester_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('group_id', 'text')
    .addColumn('request_type_id', 'text')
    .addColumn('token_hash', 'text', (column) => column.unique())
    .addColumn('reminder_token_hash', 'text', (column) => column.unique())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('due_at', 'text', (column) => column.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('responded', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('plugin_csat_surveys_pending_idx')
    .on('plugin_csat_surveys')
    .columns(['responded', 'sent_at', 'due_at'])
    .execute();
  await db.schema
    .createIndex('plugin_csat_surveys_created_idx')
    .on('plugin_csat_surveys')
    .column('created_at')
    .execute();

  await db.schema
    .createTable('plugin_csat_responses')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('survey_id', 'text', (column) => column.notNull().unique())
    .addColumn('ticket_id', 'text', (column) => column.notNull().unique())
    .addColumn('ticket_number', 'integer', (column) => column.notNull())
    .addColumn('rating', 'integer', (column) => column.notNull())
    .addColumn('comment', 'text')
    .addColumn('requester_id', 'text', (column) => column.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('group_id', 'text')
    .addColumn('request_type_id', 'text')
    .addColumn('channel', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('recovery_ticket_number', 'integer')
    .execute();
  await db.schema
    .createIndex('plugin_csat_responses_created_idx')
    .on('plugin_csat_responses')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plugin_csat_responses').ifExists().execute();
  await db.schema.dropTable('plugin_csat_surveys').ifExists().execute();
}
