import type { Kysely } from 'kysely';

/** The email channel: mailboxes polled over IMAP, every message seen or sent, and quarantined mail. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mailboxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('imap_host', 'text')
    .addColumn('imap_port', 'integer', (c) => c.notNull())
    .addColumn('imap_tls', 'integer', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('password_sealed', 'text')
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('request_type_id', 'text', (c) => c.notNull().references('request_types.id'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('set null'))
    .addColumn('allow_unknown', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('last_polled_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('mail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('mailbox_id', 'text', (c) => c.references('mailboxes.id').onDelete('set null'))
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('ticket_message_id', 'text')
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('raw_file', 'text')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mail_messages_message_id')
    .on('mail_messages')
    .columns(['direction', 'message_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('mail_messages_ticket')
    .on('mail_messages')
    .columns(['ticket_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('mail_messages_sender')
    .on('mail_messages')
    .columns(['from_address', 'created_at'])
    .execute();
  await db.schema
    .createTable('mail_quarantine')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox_id', 'text', (c) => c.references('mailboxes.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('message_id', 'text')
    .addColumn('raw_file', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_quarantine').execute();
  await db.schema.dropTable('mail_messages').execute();
  await db.schema.dropTable('mailboxes').execute();
}
