import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Service-performance reports: one fact row per ticket (kept by ticket events), the spans in which
 * each ticket was open (the backlog over time), the admins' targets, and the weekly digests sent.
 * Existing tickets are backfilled by a `reports.rebuild-facts` job queued here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_ticket_facts')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('group_id', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('request_type_id', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('first_responded_at', 'text')
    .addColumn('first_response_minutes', 'double precision')
    .addColumn('first_response_due', 'text')
    .addColumn('first_response_met', 'integer')
    .addColumn('resolution_minutes', 'double precision')
    .addColumn('resolution_due', 'text')
    .addColumn('resolution_paused', 'integer', (c) => c.notNull())
    .addColumn('resolution_met', 'integer')
    .addColumn('agent_replies', 'integer', (c) => c.notNull())
    .addColumn('reopen_count', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Covering indexes, so a period's report reads only index ranges, never the table: each time column
  // leads, then what is measured, then the breakdown dimensions. The done index also serves the open
  // tickets past their resolution due (done_at null + due range); likewise first responses.
  const dims = ['group_id', 'assignee_id', 'request_type_id', 'priority', 'kind'];
  await db.schema
    .createIndex('report_facts_created')
    .on('report_ticket_facts')
    .columns(['created_at', ...dims])
    .execute();
  await db.schema
    .createIndex('report_facts_done')
    .on('report_ticket_facts')
    .columns([
      'done_at',
      'resolution_due',
      'resolution_paused',
      'resolution_minutes',
      'resolution_met',
      'agent_replies',
      'reopen_count',
      ...dims,
    ])
    .execute();
  await db.schema
    .createIndex('report_facts_first_response')
    .on('report_ticket_facts')
    .columns(['first_responded_at', 'first_response_due', 'first_response_minutes', 'first_response_met', ...dims])
    .execute();

  await db.schema
    .createTable('report_open_spans')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addPrimaryKeyConstraint('report_open_spans_pk', ['ticket_id', 'seq'])
    .execute();
  await db.schema.createIndex('report_spans_opened').on('report_open_spans').column('opened_at').execute();
  // Reopens are a few per cent of spans: a partial index finds a period's reopens without the rest.
  await db.schema
    .createIndex('report_spans_reopened')
    .on('report_open_spans')
    .columns(['opened_at', 'ticket_id'])
    .where(sql<boolean>`seq > 0`)
    .execute();
  await db.schema
    .createIndex('report_spans_closed')
    .on('report_open_spans')
    .columns(['closed_at', 'opened_at'])
    .execute();

  await db.schema
    .createTable('report_targets')
    .addColumn('kpi', 'text', (c) => c.primaryKey())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('updated_by_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('report_digests')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_digests_pk', ['user_id', 'week'])
    .execute();

  // Backfill: the server's job runner rebuilds the facts of tickets that existed before this migration.
  const ticket = await db.selectFrom('tickets').select('id').limit(1).executeTakeFirst();
  if (ticket) {
    const now = new Date().toISOString();
    await db
      .insertInto('jobs')
      .values({
        id: randomBytes(10).toString('hex'),
        type: 'reports.rebuild-facts',
        payload: '{}',
        dedupe_key: 'reports.rebuild-facts:2026_11_24_0100',
        run_at: now,
        attempts: 0,
        max_attempts: 3,
        locked_until: null,
        last_error: null,
        status: 'queued',
        created_at: now,
        finished_at: null,
      })
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('jobs').where('type', '=', 'reports.rebuild-facts').execute();
  for (const table of ['report_digests', 'report_targets', 'report_open_spans', 'report_ticket_facts']) {
    await db.schema.dropTable(table).execute();
  }
}
