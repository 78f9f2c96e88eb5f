import type { Db } from '../db/connect.ts';
import { enqueueJob } from '../jobs/index.ts';

/** The job that recomputes every open ticket's SLA after a policy or calendar changed. */
export const recomputeJobType = 'sla.recompute-open';

/** Asks for a background recompute of open tickets, in the caller's transaction. */
export async function requestSlaRecompute(db: Db): Promise<void> {
  await enqueueJob(db, recomputeJobType, {}, { maxAttempts: 3 });
}
