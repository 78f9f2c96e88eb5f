import type { Db } from '../db/connect.ts';
import { nowStored, toStoredTime } from '../db/values.ts';
import { PorticoError } from '../errors.ts';

export const throttleWindowMs = 15 * 60 * 1000;
/** Failures allowed per key within the window; the next attempt is refused. */
export const throttleLimit = 10;

/** Keys for one attempt: the account and the client address are each limited. */
export function throttleKeys(action: 'login' | 'reset' | 'signup', email: string, ip: string | null): string[] {
  const keys = [`${action}:account:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`${action}:ip:${ip}`);
  return keys;
}

/** Refuses the attempt (429) once any key has reached the limit of failures within the window. */
export async function assertNotThrottled(db: Db, keys: string[]): Promise<void> {
  const since = toStoredTime(new Date(Date.now() - throttleWindowMs));
  const rows = await db
    .selectFrom('auth_failures')
    .select(['key', (eb) => eb.fn.countAll().as('failures'), (eb) => eb.fn.min('failed_at').as('oldest')])
    .where('key', 'in', keys)
    .where('failed_at', '>', since)
    .groupBy('key')
    .execute();
  const blocked = rows.filter((row) => Number(row.failures) >= throttleLimit);
  if (blocked.length === 0) return;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil(
      Math.max(...blocked.map((row) => new Date(String(row.oldest)).getTime() + throttleWindowMs - Date.now())) / 1000,
    ),
  );
  throw new PorticoError('too_many_requests', 'Too many attempts. Wait 15 minutes, then try again.', {
    hint: 'If you forgot your password, reset it from the sign-in page.',
    details: { retryAfterSeconds },
  });
}

export async function recordFailure(db: Db, keys: string[]): Promise<void> {
  const failedAt = nowStored();
  await db
    .insertInto('auth_failures')
    .values(keys.map((key) => ({ key, failed_at: failedAt })))
    .execute();
  // Pruning here keeps the table small without a separate job.
  await db
    .deleteFrom('auth_failures')
    .where('failed_at', '<=', toStoredTime(new Date(Date.now() - throttleWindowMs)))
    .execute();
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('key', '=', key).execute();
}
