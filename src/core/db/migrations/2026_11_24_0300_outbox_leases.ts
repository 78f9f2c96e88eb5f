import type { Kysely } from 'kysely';

/** Several instances drain one outbox: a delivery claims its events for a while (a lease that expires). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_outbox').addColumn('locked_until', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_outbox').dropColumn('locked_until').execute();
}
