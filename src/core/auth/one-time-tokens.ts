import type { Db } from '../db/connect.ts';
import { fromStoredTime, nowStored, toStoredTime } from '../db/values.ts';
import { generateToken, hashToken } from '../session/index.ts';
import type { AuthTokenPurpose } from './auth.table.ts';

export const tokenLifetimes: Record<AuthTokenPurpose, number> = {
  password_reset: 60 * 60 * 1000,
  email_verification: 7 * 24 * 60 * 60 * 1000,
};

/**
 * Issues a one-time token for a mailed link; earlier unused tokens of the same purpose stop working.
 * An invitation is a password-reset token that lives longer (`lifetimeMs`).
 */
export async function issueOneTimeToken(
  db: Db,
  userId: string,
  purpose: AuthTokenPurpose,
  lifetimeMs: number = tokenLifetimes[purpose],
): Promise<string> {
  const token = generateToken();
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('auth_tokens').where('user_id', '=', userId).where('purpose', '=', purpose).execute();
    await trx
      .insertInto('auth_tokens')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        purpose,
        created_at: toStoredTime(now),
        expires_at: toStoredTime(new Date(now.getTime() + lifetimeMs)),
        used_at: null,
      })
      .execute();
  });
  return token;
}

/** The user a live, unused token belongs to, without using it up. */
export async function peekOneTimeToken(db: Db, token: string, purpose: AuthTokenPurpose): Promise<string | undefined> {
  const row = await db
    .selectFrom('auth_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!row || fromStoredTime(row.expires_at).getTime() <= Date.now()) return undefined;
  return row.user_id;
}

/** Uses a token up; returns its user only for the first caller, so a link works exactly once. */
export async function consumeOneTimeToken(
  db: Db,
  token: string,
  purpose: AuthTokenPurpose,
): Promise<string | undefined> {
  const now = nowStored();
  const row = await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}
