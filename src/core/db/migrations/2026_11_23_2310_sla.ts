import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sla_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('weekly_hours', 'text', (c) => c.notNull())
    .addColumn('holidays', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.references('sla_calendars.id').onDelete('restrict'))
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('at_risk_percent', 'integer', (c) => c.notNull().defaultTo(75))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_ticket_states')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('policy_id', 'text', (c) => c.notNull().references('sla_policies.id').onDelete('cascade'))
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('first_response_due', 'text')
    .addColumn('next_reply_due', 'text')
    .addColumn('resolution_due', 'text')
    .addColumn('paused_since', 'text')
    .addColumn('paused_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_response_met_at', 'text')
    .addColumn('at_risk_notified', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('breached_notified', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_check_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The checker reads only rows whose next threshold has passed: an index range scan, whatever the size.
  await db.schema.createIndex('sla_ticket_states_check_idx').on('sla_ticket_states').column('next_check_at').execute();
  await db.schema.createIndex('sla_ticket_states_policy_idx').on('sla_ticket_states').column('policy_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sla_ticket_states').execute();
  await db.schema.dropTable('sla_policies').execute();
  await db.schema.dropTable('sla_calendars').execute();
}
