import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';

/** How long a key is remembered: retries come within minutes; a day leaves room for a queue that stalled. */
const keptMs = 24 * 60 * 60 * 1000;

/** Keys are the client's: up to 100 letters, digits and `-_.:`. */
export function assertIdempotencyKey(key: string): void {
  if (!/^[\w.:-]{1,100}$/.test(key)) {
    throw new PorticoError('invalid_input', 'The idempotency key must be 1–100 letters, digits, "-", "_", "." or ":".');
  }
}

/** Keys are per person: two people may pick the same key without seeing each other's tickets. */
export function idempotencyScope(actor: Actor, kind: string): string {
  return `${kind}:${actor.id}`;
}

/** The id of what an earlier request with this key made, if any. */
export async function rememberedResource(db: Db, scope: string, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select('resource_id')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.resource_id;
}

/** Remembers what a request made, in the transaction that made it. */
export async function rememberResource(db: Db, scope: string, key: string, resourceId: string): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ scope, key, resource_id: resourceId, created_at: nowStored() })
    .execute();
}

/** Forgets keys older than a day (run with the minutely jobs). */
export async function pruneIdempotencyKeys(core: Core, now = new Date()): Promise<number> {
  const result = await core.db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(now.getTime() - keptMs).toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
