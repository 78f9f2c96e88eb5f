import type { Logger } from 'pino';
import type { Db } from '../db/connect.ts';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import { fromStoredTime, nowStored, toStoredTime } from '../db/values.ts';
import type { EventOutboxTable } from './event.table.ts';
import type { DeliveredEvent, EventType } from './event-types.ts';

export type EventHandler<Type extends EventType = EventType> = (event: DeliveredEvent<Type>) => Promise<void> | void;

/** Delivers committed events from the outbox to in-process handlers. */
export interface EventBus {
  /** Subscribes to one type, or to every type with '*'; returns the unsubscribe function. */
  on<Type extends EventType>(type: Type | '*', handler: EventHandler<Type>): () => void;
  /** Delivers every pending event now; resolves with how many were delivered. */
  dispatchPending(): Promise<number>;
  /** Starts a delivery in the background (after a commit); failures are logged. */
  dispatchSoon(): void;
}

const batchSize = 50;
// A crash between delivery and marking can redeliver; after this many claims an event is given up on.
const maxAttempts = 5;
// Long enough for a batch's handlers (each plugin handler has its own, shorter budget).
const leaseMs = 60_000;

export function createEventBus(db: Db, log: Logger): EventBus {
  const handlers = new Map<string, Set<EventHandler<never>>>();
  let running: Promise<number> | undefined;
  // Calls made while a drain runs share the next pass, so a burst of commits costs one or two drains.
  let requested = 0;
  let handled = 0;

  async function loop(): Promise<number> {
    let delivered = 0;
    try {
      while (handled < requested) {
        const target = requested;
        delivered += await drain();
        handled = target;
      }
    } finally {
      running = undefined;
    }
    return delivered;
  }

  async function deliver(event: DeliveredEvent): Promise<string | null> {
    const errors: string[] = [];
    for (const handler of [...(handlers.get(event.type) ?? []), ...(handlers.get('*') ?? [])]) {
      try {
        await (handler as EventHandler)(event);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        errors.push(message);
        log.error({ err: error, eventId: event.id, eventType: event.type }, 'event handler failed');
      }
    }
    return errors.length > 0 ? errors.join('; ').slice(0, 2000) : null;
  }

  /**
   * Claims the next batch for this process: a conditional update that only takes events nobody holds,
   * so with several instances on one database each event is delivered by one of them. A claim is a
   * lease: if its holder dies, the events are taken over when it expires.
   */
  async function claimBatch(): Promise<{ rows: Selectable<EventOutboxTable>[]; more: boolean }> {
    const now = Date.now();
    const nowText = toStoredTime(new Date(now));
    const free = (eb: ExpressionBuilder<Database, 'event_outbox'>) =>
      eb.and([
        eb('dispatched_at', 'is', null),
        eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowText)]),
      ]);
    const candidates = await db
      .selectFrom('event_outbox')
      .select('id')
      .where(free)
      .orderBy('created_at')
      .orderBy('position')
      .limit(batchSize)
      .execute();
    if (candidates.length === 0) return { rows: [], more: false };
    const rows = await db
      .updateTable('event_outbox')
      .set((eb) => ({ locked_until: toStoredTime(new Date(now + leaseMs)), attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        candidates.map((row) => row.id),
      )
      .where(free)
      .returningAll()
      .execute();
    rows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.position - b.position);
    return { rows, more: candidates.length === batchSize || rows.length < candidates.length };
  }

  async function drain(): Promise<number> {
    let delivered = 0;
    for (let round = 0; round < 10_000; round++) {
      const { rows, more } = await claimBatch();
      const failures: { id: string; error: string }[] = [];
      for (const row of rows) {
        const failure =
          row.attempts > maxAttempts
            ? 'given up after repeated interrupted deliveries'
            : await deliver({
                id: row.id,
                type: row.type as EventType,
                subjectId: row.subject_id,
                actorId: row.actor_id,
                payload: JSON.parse(row.payload) as DeliveredEvent['payload'],
                createdAt: fromStoredTime(row.created_at),
              });
        if (failure) failures.push({ id: row.id, error: failure });
      }
      if (rows.length > 0) {
        const dispatchedAt = nowStored();
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('event_outbox')
            .set({ dispatched_at: dispatchedAt, locked_until: null })
            .where(
              'id',
              'in',
              rows.map((row) => row.id),
            )
            .execute();
          for (const failure of failures) {
            await trx
              .updateTable('event_outbox')
              .set({ last_error: failure.error })
              .where('id', '=', failure.id)
              .execute();
          }
        });
      }
      delivered += rows.length;
      if (!more) return delivered;
    }
    return delivered;
  }

  const bus: EventBus = {
    on(type, handler) {
      const set = handlers.get(type) ?? new Set();
      set.add(handler as EventHandler<never>);
      handlers.set(type, set);
      return () => set.delete(handler as EventHandler<never>);
    },
    dispatchPending() {
      // A process with no handlers (the CLI) leaves events to one that has them (the server).
      if (![...handlers.values()].some((set) => set.size > 0)) return Promise.resolve(0);
      requested++;
      running ??= loop();
      return running;
    },
    dispatchSoon() {
      bus.dispatchPending().catch((error: unknown) => log.warn({ err: error }, 'event delivery failed; will retry'));
    },
  };
  return bus;
}
