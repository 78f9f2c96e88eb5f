/**
 * The durable job queue: work enqueued in a transaction (mail, webhook deliveries) runs after commit,
 * is retried with backoff when it fails, and survives restarts.
 * @example
 * core.jobs.define({ type: 'mail.send', run: (payload) => send(payload) });
 * await enqueueJob(trx, 'mail.send', { to: 'casey@example.org' });
 * await core.jobs.runDue();
 */
export { createJobQueue, defaultBackoffMs, enqueueJob } from './queue.ts';
export type { JobDefinition, JobQueue } from './queue.ts';
export type { JobStatus } from './job.table.ts';
