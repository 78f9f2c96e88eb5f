import type { Logger } from 'pino';
import type { Db } from '../db/connect.ts';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import { fromStoredTime, nowStored, toStoredTime } from '../db/values.ts';
import type { EventOutboxTable } from './event.table.ts';
import type { DeliveredEvent, EventType } from './event-types.ts';

export type EventHandler<Type extends EventType = EventType> = (event: DeliveredEvent<Type>) => Promise<void> | void;
export type BatchHandler<Type extends EventType = EventType> = (events: DeliveredEvent<Type>[]) => Promise<void> | void;

/**
 * Delivers committed events from the outbox to in-process handlers, a batch at a time: each
 * subscription, in the order they were added ('*' ones last), sees the batch's events of its types in
 * the order they happened before the next subscription runs.
 */
export interface EventBus {
  /** Subscribes to one type, or to every type with '*'; returns the unsubscribe function. */
  on<Type extends EventType>(type: Type | '*', handler: EventHandler<Type>): () => void;
  /**
   * Subscribes to several types with one call per batch, in order: for handlers that bring state up
   * to date from the database, which can then do so once per subject and in one transaction rather
   * than once per event. When the call fails, each of its events is handed over again alone, so the
   * failure is recorded against the event that causes it and the others are still handled.
   */
  onBatch<Type extends EventType>(types: readonly Type[], handler: BatchHandler<Type>): () => void;
  /** Delivers every pending event now; resolves with how many were delivered. */
  dispatchPending(): Promise<number>;
  /**
   * Starts a delivery in the background (after a commit); failures are logged. At once when no pass
   * began in the last passGapMs, else when that much time has passed since the last one began.
   */
  dispatchSoon(): void;
}

const batchSize = 50;
// A crash between delivery and marking can redeliver; after this many claims an event is given up on.
const maxAttempts = 5;
// Long enough for a batch's handlers (each plugin handler has its own, shorter budget).
const leaseMs = 60_000;
// Under a steady stream of commits, a pass per commit delivered one or two events each, for a claim,
// a mark and each batch handler's transaction: an fsync apiece. Passes this far apart carry more
// events each (about 9 % less CPU per request in test/bench/load.ts); an idle process still delivers at once.
const passGapMs = 100;

interface Subscription {
  types: ReadonlySet<string> | '*';
  deliver(events: DeliveredEvent[], fail: (event: DeliveredEvent, error: unknown) => void): Promise<void>;
}

function oneByOne(handler: EventHandler): Subscription['deliver'] {
  return async (events, fail) => {
    for (const event of events) {
      try {
        await handler(event);
      } catch (error) {
        fail(event, error);
      }
    }
  };
}

function asBatch(handler: BatchHandler): Subscription['deliver'] {
  return async (events, fail) => {
    try {
      await handler(events);
      return;
    } catch (error) {
      if (events.length === 1) {
        fail(events[0]!, error);
        return;
      }
    }
    await oneByOne((event) => handler([event]))(events, fail);
  };
}

export function createEventBus(db: Db, log: Logger): EventBus {
  const subscriptions: Subscription[] = [];
  let running: Promise<number> | undefined;
  let lastPassAt = Number.NEGATIVE_INFINITY;
  let paced: ReturnType<typeof setTimeout> | undefined;
  // Calls made while a drain runs share the next pass, so a burst of commits costs one or two drains.
  let requested = 0;
  let handled = 0;

  async function loop(): Promise<number> {
    let delivered = 0;
    try {
      while (handled < requested) {
        const target = requested;
        lastPassAt = Date.now();
        delivered += await drain();
        handled = target;
      }
    } finally {
      running = undefined;
    }
    return delivered;
  }

  /** Hands a batch to every subscription; resolves with each failed event's errors. */
  async function deliver(events: DeliveredEvent[]): Promise<Map<string, string[]>> {
    const errors = new Map<string, string[]>();
    const fail = (event: DeliveredEvent, error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      errors.set(event.id, [...(errors.get(event.id) ?? []), message]);
      log.error({ err: error, eventId: event.id, eventType: event.type }, 'event handler failed');
    };
    const ordered = [
      ...subscriptions.filter((subscription) => subscription.types !== '*'),
      ...subscriptions.filter((subscription) => subscription.types === '*'),
    ];
    for (const { types, deliver: handOver } of ordered) {
      const matching = types === '*' ? events : events.filter((event) => types.has(event.type));
      if (matching.length > 0) await handOver(matching, fail);
    }
    return errors;
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
      const events: DeliveredEvent[] = [];
      for (const row of rows) {
        if (row.attempts > maxAttempts) {
          failures.push({ id: row.id, error: 'given up after repeated interrupted deliveries' });
          continue;
        }
        events.push({
          id: row.id,
          type: row.type as EventType,
          subjectId: row.subject_id,
          actorId: row.actor_id,
          payload: JSON.parse(row.payload) as DeliveredEvent['payload'],
          createdAt: fromStoredTime(row.created_at),
        });
      }
      for (const [id, errors] of await deliver(events)) failures.push({ id, error: errors.join('; ').slice(0, 2000) });
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

  function subscribe(subscription: Subscription): () => void {
    subscriptions.push(subscription);
    return () => {
      const index = subscriptions.indexOf(subscription);
      if (index >= 0) subscriptions.splice(index, 1);
    };
  }

  const bus: EventBus = {
    on(type, handler) {
      return subscribe({
        types: type === '*' ? '*' : new Set([type]),
        deliver: oneByOne(handler as EventHandler),
      });
    },
    onBatch(types, handler) {
      return subscribe({ types: new Set(types), deliver: asBatch(handler as BatchHandler) });
    },
    dispatchPending() {
      // A process with no handlers (the CLI) leaves events to one that has them (the server).
      if (subscriptions.length === 0) return Promise.resolve(0);
      requested++;
      running ??= loop();
      return running;
    },
    dispatchSoon() {
      if (paced) return;
      const start = () => {
        paced = undefined;
        bus.dispatchPending().catch((error: unknown) => log.warn({ err: error }, 'event delivery failed; will retry'));
      };
      const wait = lastPassAt + passGapMs - Date.now();
      if (wait <= 0) start();
      else paced = setTimeout(start, wait).unref();
    },
  };
  return bus;
}
