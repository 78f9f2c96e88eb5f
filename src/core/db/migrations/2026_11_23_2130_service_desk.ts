import type { Kysely } from 'kysely';
import { sql } from 'kysely';

function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);
}

const kinds = ['incident', 'service_request', 'problem', 'change'];
const priorities = ['P1', 'P2', 'P3', 'P4'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('share_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('counters').values({ name: 'ticket_number', value: 1000 }).execute();

  await db.schema
    .createTable('request_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('icon', 'text', (c) => c.notNull().defaultTo('question'))
    .addColumn('category', 'text', (c) => c.notNull().defaultTo('General'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', kinds)))
    .addColumn('default_group_id', 'text', (c) => c.references('groups.id').onDelete('set null'))
    .addColumn('default_priority', 'text', (c) => c.notNull().check(oneOf('default_priority', priorities)))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('form_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', kinds)))
    .addColumn('request_type_id', 'text', (c) => c.references('request_types.id').onDelete('set null'))
    .addColumn('request_type_name', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(oneOf('status', ['new', 'open', 'pending', 'resolved', 'closed'])),
    )
    .addColumn('is_open', 'integer', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().check(oneOf('priority', priorities)))
    .addColumn('impact', 'text')
    .addColumn('urgency', 'text')
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('set null'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull().check(oneOf('channel', ['portal', 'email', 'phone', 'api'])))
    .addColumn('parent_id', 'text', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('problem_id', 'text', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('merged_into_id', 'text', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('root_cause', 'text')
    .addColumn('workaround', 'text')
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_responded_at', 'text')
    .addColumn('last_customer_reply_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Each desk queue reads one of these in order, so its first page and deep pages stay index-only walks.
  for (const [name, columns] of [
    ['tickets_updated_idx', ['updated_at', 'id']],
    ['tickets_open_updated_idx', ['is_open', 'updated_at', 'id']],
    ['tickets_open_priority_idx', ['is_open', 'priority', 'updated_at', 'id']],
    ['tickets_assignee_idx', ['assignee_id', 'is_open', 'updated_at', 'id']],
    ['tickets_group_idx', ['group_id', 'is_open', 'updated_at', 'id']],
    ['tickets_requester_idx', ['requester_id', 'updated_at', 'id']],
    ['tickets_organisation_idx', ['organisation_id', 'updated_at', 'id']],
    ['tickets_status_idx', ['status', 'resolved_at']],
    ['tickets_parent_idx', ['parent_id']],
    ['tickets_problem_idx', ['problem_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('tickets')
      .columns([...columns])
      .execute();
  }

  await db.schema
    .createTable('ticket_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('internal', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('time_spent_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_messages_ticket_idx')
    .on('ticket_messages')
    .columns(['ticket_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ticket_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.references('ticket_messages.id').onDelete('set null'))
    .addColumn('uploader_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_name', 'text', (c) => c.notNull().unique())
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_attachments_ticket_idx').on('ticket_attachments').column('ticket_id').execute();

  await db.schema
    .createTable('ticket_watchers')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ticket_watchers_pk', ['ticket_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_tags_tag_idx').on('ticket_tags').columns(['tag', 'ticket_id']).execute();

  await db.schema
    .createTable('ticket_relations')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('related_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_relations_pk', ['ticket_id', 'related_id'])
    .execute();

  await db.schema
    .createTable('ticket_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_audit_ticket_idx')
    .on('ticket_audit')
    .columns(['ticket_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ticket_presence')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('activity', 'text', (c) => c.notNull().check(oneOf('activity', ['viewing', 'replying'])))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_presence_pk', ['ticket_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_views_owner_idx').on('saved_views').column('owner_id').execute();

  await db.schema
    .createTable('canned_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('event_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('dispatched_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('event_outbox_pending_idx')
    .on('event_outbox')
    .columns(['dispatched_at', 'created_at', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'event_outbox',
    'canned_responses',
    'saved_views',
    'ticket_presence',
    'ticket_audit',
    'ticket_relations',
    'ticket_tags',
    'ticket_watchers',
    'ticket_attachments',
    'ticket_messages',
    'tickets',
    'request_types',
    'counters',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('organisations').dropColumn('share_requests').execute();
}
