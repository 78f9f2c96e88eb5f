import type { Db } from '../db/connect.ts';
import { fromStoredTime, nowStored, toStoredTime } from '../db/values.ts';
import { generateToken, hashToken } from './token.ts';

const day = 24 * 60 * 60 * 1000;
/** Sliding expiry: a session lives 30 days past its last use… */
export const sessionIdleLifetime = 30 * day;
/** …but never longer than this after sign-in, so a stolen cookie cannot live forever. */
export const sessionAbsoluteLifetime = 90 * day;

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionMeta {
  userAgent: string | null;
  ip: string | null;
}

/**
 * Starts a session and returns the token for the cookie; only its SHA-256 is stored.
 * @example
 * const { token, session } = await createSession(db, user.id, { userAgent: null, ip: null });
 */
export async function createSession(
  db: Db,
  userId: string,
  meta: SessionMeta,
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const now = new Date();
  const session: Session = {
    id: hashToken(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + sessionIdleLifetime),
  };
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: userId,
      created_at: toStoredTime(session.createdAt),
      expires_at: toStoredTime(session.expiresAt),
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip,
    })
    .execute();
  return { token, session };
}

/**
 * Finds the live session for a cookie token, extending it when half its idle lifetime has passed.
 * Expired sessions are deleted. Returns undefined for an unknown or expired token.
 */
export async function validateSessionToken(db: Db, token: string): Promise<Session | undefined> {
  const id = hashToken(token);
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const now = Date.now();
  const createdAt = fromStoredTime(row.created_at);
  const expiresAt = fromStoredTime(row.expires_at);
  if (now >= expiresAt.getTime()) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return undefined;
  }
  const session: Session = { id, userId: row.user_id, createdAt, expiresAt };
  if (expiresAt.getTime() - now < sessionIdleLifetime / 2) {
    const cap = createdAt.getTime() + sessionAbsoluteLifetime;
    session.expiresAt = new Date(Math.min(now + sessionIdleLifetime, cap));
    if (session.expiresAt.getTime() > expiresAt.getTime()) {
      await db
        .updateTable('sessions')
        .set({ expires_at: toStoredTime(session.expiresAt) })
        .where('id', '=', id)
        .execute();
    }
  }
  return session;
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user: after a password change or reset, or deactivation. */
export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowStored()).execute();
}

export interface SessionSummary extends Session {
  userAgent: string | null;
  ip: string | null;
}

/** A user's live sessions, newest first: what the account page lists so people can end the ones they do not know. */
export async function listUserSessions(db: Db, userId: string): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', nowStored())
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    createdAt: fromStoredTime(row.created_at),
    expiresAt: fromStoredTime(row.expires_at),
    userAgent: row.user_agent,
    ip: row.ip,
  }));
}

/** Ends one of a user's sessions; false when the user has no such session. */
export async function invalidateUserSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
