import type { Logger } from 'pino';
import type { Db } from '../db/connect.ts';
import { newId, toStoredTime } from '../db/values.ts';

/** What a job type does; `run` throws to ask for a retry. */
export interface JobDefinition<Payload = unknown> {
  type: string;
  run(payload: Payload, context: { attempt: number; now: Date }): Promise<void>;
  /** Attempts before the job is marked failed (default 8). */
  maxAttempts?: number;
  /** Milliseconds to wait before the next attempt (default: 30 s doubling, capped at 1 h, with jitter). */
  backoffMs?(attempt: number): number;
}

export interface JobQueue {
  /** Makes a job type runnable in this process. */
  define<Payload>(definition: JobDefinition<Payload>): void;
  /** Runs the jobs that are due (claimed first, so two workers never run one job); resolves with how many ran. */
  runDue(now?: Date): Promise<number>;
}

export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * Adds a job in the caller's transaction, so it exists exactly when the change that asked for it does.
 * With a dedupe key, a second enqueue of the same key does nothing.
 * @example
 * await enqueueJob(trx, 'mail.send', { to, subject, text }, { dedupeKey: `reply:${messageId}:${to}` });
 */
export async function enqueueJob(
  db: Db,
  type: string,
  payload: unknown,
  options: { runAt?: Date; dedupeKey?: string; maxAttempts?: number } = {},
): Promise<void> {
  const now = new Date();
  await db
    .insertInto('jobs')
    .values({
      id: newId(),
      type,
      payload: JSON.stringify(payload),
      dedupe_key: options.dedupeKey ?? null,
      run_at: toStoredTime(options.runAt ?? now),
      attempts: 0,
      max_attempts: options.maxAttempts ?? 8,
      locked_until: null,
      last_error: null,
      status: 'queued',
      created_at: toStoredTime(now),
      finished_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

// A job's lease: long enough for a slow SMTP server or webhook receiver, short enough that a crashed
// worker's job is retried within minutes.
const claimMs = 2 * 60_000;
const batchSize = 50;

export function createJobQueue(db: Db, log: Logger): JobQueue {
  const definitions = new Map<string, JobDefinition<never>>();
  let running: Promise<number> | undefined;

  async function runOne(
    job: { id: string; type: string; payload: string; attempts: number; max_attempts: number },
    now: Date,
  ) {
    const definition = definitions.get(job.type) as JobDefinition | undefined;
    const attempt = job.attempts + 1;
    try {
      if (!definition) throw new Error(`no job type "${job.type}" is defined in this process`);
      await definition.run(JSON.parse(job.payload), { attempt, now });
      await db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: toStoredTime(new Date()), locked_until: null, last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const finalAttempt = attempt >= job.max_attempts;
      const wait = (definition?.backoffMs ?? defaultBackoffMs)(attempt);
      log.warn(
        { jobId: job.id, jobType: job.type, attempt, err: error },
        finalAttempt ? 'job failed for good' : 'job failed; will retry',
      );
      await db
        .updateTable('jobs')
        .set({
          status: finalAttempt ? 'failed' : 'queued',
          run_at: toStoredTime(new Date(now.getTime() + wait)),
          locked_until: null,
          last_error: message,
          finished_at: finalAttempt ? toStoredTime(new Date()) : null,
        })
        .where('id', '=', job.id)
        .execute();
    }
  }

  async function drain(now: Date): Promise<number> {
    let ran = 0;
    for (;;) {
      const nowText = toStoredTime(now);
      const due = await db
        .selectFrom('jobs')
        .select(['id', 'type', 'payload', 'attempts', 'max_attempts', 'locked_until'])
        .where('status', '=', 'queued')
        .where('run_at', '<=', nowText)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowText)]))
        .orderBy('run_at')
        .limit(batchSize)
        .execute();
      let claimedHere = 0;
      for (const job of due) {
        // Claimed by a conditional update just before it runs: another worker that got there first leaves
        // nothing to update, and a crash strands only the job that was running, until its lease expires.
        const claimed = await db
          .updateTable('jobs')
          .set({ locked_until: toStoredTime(new Date(now.getTime() + claimMs)), attempts: job.attempts + 1 })
          .where('id', '=', job.id)
          .where('attempts', '=', job.attempts)
          .where('status', '=', 'queued')
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowText)]))
          .executeTakeFirst();
        if (claimed.numUpdatedRows === 0n) continue;
        claimedHere++;
        await runOne(job, now);
      }
      ran += claimedHere;
      if (due.length < batchSize) return ran;
    }
  }

  return {
    define(definition) {
      definitions.set(definition.type, definition as JobDefinition<never>);
    },
    runDue(now = new Date()) {
      running ??= drain(now).finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
