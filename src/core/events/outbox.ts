import type { Db } from '../db/connect.ts';
import { newId, nextPosition, nowStored } from '../db/values.ts';
import type { EventType, PendingEvent } from './event-types.ts';

/**
 * Writes events to the outbox in the caller's transaction, so they exist exactly when the change does.
 * @example
 * await recordEvents(trx, actor.id, [{ type: 'ticket.created', subjectId: id, payload }]);
 */
export async function recordEvents(db: Db, actorId: string | null, events: PendingEvent<EventType>[]): Promise<void> {
  if (events.length === 0) return;
  const createdAt = nowStored();
  await db
    .insertInto('event_outbox')
    .values(
      events.map((event) => ({
        id: newId(),
        type: event.type,
        subject_id: event.subjectId,
        actor_id: actorId,
        payload: JSON.stringify(event.payload),
        created_at: createdAt,
        position: nextPosition(),
        dispatched_at: null,
        attempts: 0,
        last_error: null,
        locked_until: null,
      })),
    )
    .execute();
}

/** Deletes delivered events older than the given age; the outbox is a queue, not an archive. */
export async function pruneDeliveredEvents(db: Db, olderThanMs = 7 * 24 * 60 * 60 * 1000): Promise<number> {
  const result = await db
    .deleteFrom('event_outbox')
    .where('dispatched_at', 'is not', null)
    .where('dispatched_at', '<', new Date(Date.now() - olderThanMs).toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
