import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.ts';
import { toStoredTime } from '../db/values.ts';

/** How long a decision link in mail stays usable. */
export const linkLifetimeDays = 7;
const linkLifetimeMs = linkLifetimeDays * 24 * 60 * 60 * 1000;

/** The stored form of a link token: its SHA-256, so a leaked database holds no usable link. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Makes a single-use link token (32 random bytes, base64url) for one approver in one step; returns the token. */
export async function createLinkToken(db: Db, decisionId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('approval_links')
    .values({
      token_hash: hashLinkToken(token),
      decision_id: decisionId,
      expires_at: toStoredTime(new Date(now.getTime() + linkLifetimeMs)),
      used_at: null,
      created_at: toStoredTime(now),
    })
    .execute();
  return token;
}

/** Only tokens of the right shape are looked up; anything else is simply unknown. */
export function plausibleToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
