import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobQueue, enqueueJob } from '../../../src/core/jobs/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

let core: TestCore;
beforeEach(async () => {
  core = await createTestCore();
});
afterEach(() => core.close());

const silent = pino({ level: 'silent' });

async function jobRows() {
  return core.db.selectFrom('jobs').selectAll().orderBy('created_at').execute();
}

describe('enqueueJob', () => {
  it('keeps the first job of a dedupe key and drops the rest', async () => {
    await enqueueJob(core.db, 'mail.send', { to: 'a' }, { dedupeKey: 'reply:1:a' });
    await enqueueJob(core.db, 'mail.send', { to: 'a' }, { dedupeKey: 'reply:1:a' });
    await enqueueJob(core.db, 'mail.send', { to: 'b' });
    expect(await jobRows()).toHaveLength(2);
  });

  it('enqueues nothing when the transaction that asked for it rolls back', async () => {
    await expect(
      core.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, 'mail.send', {});
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobRows()).toEqual([]);
  });
});

describe('createJobQueue', () => {
  it('runs due jobs once, and not those scheduled for later', async () => {
    const seen: unknown[] = [];
    core.jobs.define<{ n: number }>({ type: 'count', run: async (payload) => void seen.push(payload.n) });
    await enqueueJob(core.db, 'count', { n: 1 });
    await enqueueJob(core.db, 'count', { n: 2 }, { runAt: new Date(Date.now() + 60_000) });
    expect(await core.jobs.runDue()).toBe(1);
    expect(await core.jobs.runDue()).toBe(0);
    expect(seen).toEqual([1]);
    expect(await core.jobs.runDue(new Date(Date.now() + 61_000))).toBe(1);
    expect(seen).toEqual([1, 2]);
  });

  it('retries a failing job with growing waits and gives up after its attempts', async () => {
    let calls = 0;
    core.jobs.define({
      type: 'flaky',
      maxAttempts: 3,
      backoffMs: (attempt) => attempt * 1000,
      run: async () => {
        calls++;
        throw new Error(`SMTP said no (${calls})`);
      },
    });
    await enqueueJob(core.db, 'flaky', {}, { maxAttempts: 3 });
    const start = Date.now();
    await core.jobs.runDue(new Date(start));
    let [row] = await jobRows();
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'SMTP said no (1)' });
    expect(Date.parse(row!.run_at) - start).toBe(1000);
    expect(await core.jobs.runDue(new Date(start + 500))).toBe(0);
    await core.jobs.runDue(new Date(start + 1000));
    await core.jobs.runDue(new Date(start + 10_000));
    [row] = await jobRows();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'SMTP said no (3)' });
    expect(calls).toBe(3);
  });

  it("runs queued work after a restart, and a crashed worker's job once its claim expires", async () => {
    await enqueueJob(core.db, 'count', { n: 1 });
    await enqueueJob(core.db, 'count', { n: 2 });
    // A worker claimed the second job and died.
    const [, second] = await jobRows();
    await core.db
      .updateTable('jobs')
      .set({ attempts: 1, locked_until: new Date(Date.now() + 60_000).toISOString() })
      .where('id', '=', second!.id)
      .execute();
    const seen: number[] = [];
    const restarted = createJobQueue(core.db, silent);
    restarted.define<{ n: number }>({ type: 'count', run: async (payload) => void seen.push(payload.n) });
    await restarted.runDue();
    expect(seen).toEqual([1]);
    await restarted.runDue(new Date(Date.now() + 6 * 60_000));
    expect(seen).toEqual([1, 2]);
    expect((await jobRows()).map((row) => row.status)).toEqual(['done', 'done']);
  });

  it('never runs one job twice when two workers race for it', async () => {
    let runs = 0;
    const workers = [createJobQueue(core.db, silent), createJobQueue(core.db, silent)];
    for (const worker of workers) worker.define({ type: 'once', run: async () => void runs++ });
    for (let index = 0; index < 20; index++) await enqueueJob(core.db, 'once', { index });
    await Promise.all(workers.map((worker) => worker.runDue()));
    expect(runs).toBe(20);
  });
});
