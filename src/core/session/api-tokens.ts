import type { Db } from '../db/connect.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';
import { generateToken, hashToken } from './token.ts';

/** Tokens carry a recognisable prefix so secret scanners can find leaked ones. */
const tokenPrefix = 'pt_';

export interface ApiToken {
  id: string;
  userId: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function insertApiToken(
  db: Db,
  userId: string,
  label: string,
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = tokenPrefix + generateToken();
  const createdAt = nowStored();
  const id = newId();
  await db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: userId,
      label,
      token_hash: hashToken(token),
      created_at: createdAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { token, apiToken: { id, userId, label, createdAt: fromStoredTime(createdAt), lastUsedAt: null } };
}

/** The user id behind a live API token, or undefined. Records when it was last used (at most once a minute). */
export async function validateApiToken(db: Db, token: string): Promise<string | undefined> {
  if (!token.startsWith(tokenPrefix)) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - fromStoredTime(row.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return row.user_id;
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    label: row.label,
    createdAt: fromStoredTime(row.created_at),
    lastUsedAt: row.last_used_at ? fromStoredTime(row.last_used_at) : null,
  }));
}

/** Revokes one of a user's tokens; false when the user has no such live token. */
export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowStored() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function revokeUserApiTokens(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowStored() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
