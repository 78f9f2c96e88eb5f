import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sla_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('sla_policies.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('offset_minutes', 'integer', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_escalations_policy_idx').on('sla_escalations').column('policy_id').execute();

  // Per ticket: the next moment a level may fire; only tickets with one pending have a row.
  await db.schema
    .createTable('sla_escalation_tickets')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('next_escalation_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sla_escalation_tickets_next_idx')
    .on('sla_escalation_tickets')
    .column('next_escalation_at')
    .execute();

  // Levels that fired, once per ticket, level and target cycle (target_key: next_reply@<start> per cycle).
  await db.schema
    .createTable('sla_escalations_fired')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('level_id', 'text', (c) => c.notNull())
    .addColumn('target_key', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_escalations_fired_pk', ['ticket_id', 'level_id', 'target_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sla_escalations_fired').execute();
  await db.schema.dropTable('sla_escalation_tickets').execute();
  await db.schema.dropTable('sla_escalations').execute();
}
