export type JobStatus = 'queued' | 'done' | 'failed';

/** The durable job queue: work that must happen even if the process restarts (mail, webhooks). */
export interface JobTable {
  id: string;
  type: string;
  /** JSON of the job's payload. */
  payload: string;
  /** Unique when set: enqueueing the same key twice keeps the first job (no double mail after a retry). */
  dedupe_key: string | null;
  run_at: string;
  attempts: number;
  max_attempts: number;
  /** A worker claims a job until this time; after it, a crashed worker's job runs again. */
  locked_until: string | null;
  last_error: string | null;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
}
