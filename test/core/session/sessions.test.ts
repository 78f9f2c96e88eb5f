import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSession,
  deleteExpiredSessions,
  hashToken,
  invalidateSession,
  invalidateUserSessions,
  sessionAbsoluteLifetime,
  sessionIdleLifetime,
  validateSessionToken,
} from '../../../src/core/session/index.ts';
import { createUser, systemActor } from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

const day = 24 * 60 * 60 * 1000;
const meta = { userAgent: 'vitest', ip: '203.0.113.9' };

let core: TestCore;
let ana: User;
let ben: User;

beforeEach(async () => {
  core = await createTestCore();
  ana = await createUser(core, systemActor, { email: 'ana@example.org', name: 'Ana', role: 'agent' });
  ben = await createUser(core, systemActor, { email: 'ben@example.org', name: 'Ben' });
});

afterEach(async () => {
  await core.close();
});

function sessionRow(id: string) {
  return core.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves a session back in time: signed in `age` ago, expiring `left` from now. */
async function age(id: string, ageMs: number, leftMs: number): Promise<{ createdAt: Date; expiresAt: Date }> {
  const now = Date.now();
  const createdAt = new Date(now - ageMs);
  const expiresAt = new Date(now + leftMs);
  await core.db
    .updateTable('sessions')
    .set({ created_at: createdAt.toISOString(), expires_at: expiresAt.toISOString() })
    .where('id', '=', id)
    .execute();
  return { createdAt, expiresAt };
}

describe('createSession', () => {
  it('stores only the SHA-256 of the token', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(session.id).not.toBe(token);
    expect(session.id).toBe(hashToken(token));
    const rows = await core.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('expires after the idle lifetime of 30 days', async () => {
    const before = Date.now();
    const { session } = await createSession(core.db, ana.id, meta);
    expect(sessionIdleLifetime).toBe(30 * day);
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(sessionIdleLifetime);
    expect(session.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    const row = await sessionRow(session.id);
    expect(row?.expires_at).toBe(session.expiresAt.toISOString());
    expect(row?.user_id).toBe(ana.id);
  });

  it('records the user agent (cut to 300 characters) and the address', async () => {
    const { session } = await createSession(core.db, ana.id, { userAgent: 'x'.repeat(500), ip: '198.51.100.1' });
    const row = await sessionRow(session.id);
    expect(row?.user_agent).toBe('x'.repeat(300));
    expect(row?.ip).toBe('198.51.100.1');
    const { session: bare } = await createSession(core.db, ana.id, { userAgent: null, ip: null });
    expect(await sessionRow(bare.id)).toMatchObject({ user_agent: null, ip: null });
  });

  it('gives every session a different token', async () => {
    const first = await createSession(core.db, ana.id, meta);
    const second = await createSession(core.db, ana.id, meta);
    expect(first.token).not.toBe(second.token);
    expect(first.session.id).not.toBe(second.session.id);
  });
});

describe('validateSessionToken', () => {
  it('returns the session for a live token', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    const found = await validateSessionToken(core.db, token);
    expect(found).toEqual(session);
  });

  it('returns undefined for an unknown token', async () => {
    await createSession(core.db, ana.id, meta);
    expect(await validateSessionToken(core.db, 'not-a-token')).toBeUndefined();
  });

  it('does not accept the stored hash in place of the token', async () => {
    const { session } = await createSession(core.db, ana.id, meta);
    expect(await validateSessionToken(core.db, session.id)).toBeUndefined();
  });

  it('returns undefined for an expired token and deletes the session', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    await age(session.id, 31 * day, -1000);
    expect(await validateSessionToken(core.db, token)).toBeUndefined();
    expect(await sessionRow(session.id)).toBeUndefined();
  });

  it('leaves the expiry alone while more than 15 days remain', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    const { expiresAt } = await age(session.id, 10 * day, 20 * day);
    const found = await validateSessionToken(core.db, token);
    expect(found?.expiresAt.getTime()).toBe(expiresAt.getTime());
    expect((await sessionRow(session.id))?.expires_at).toBe(expiresAt.toISOString());
  });

  it('extends the expiry to 30 days from now when less than 15 days remain', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    await age(session.id, 20 * day, 10 * day);
    const before = Date.now();
    const found = await validateSessionToken(core.db, token);
    const after = Date.now();
    expect(found?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 30 * day);
    expect(found?.expiresAt.getTime()).toBeLessThanOrEqual(after + 30 * day);
    expect((await sessionRow(session.id))?.expires_at).toBe(found?.expiresAt.toISOString());
  });

  it('never extends a session past 90 days after sign-in', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    const { createdAt } = await age(session.id, 80 * day, 5 * day);
    const found = await validateSessionToken(core.db, token);
    const cap = createdAt.getTime() + sessionAbsoluteLifetime;
    expect(sessionAbsoluteLifetime).toBe(90 * day);
    expect(found?.expiresAt.getTime()).toBe(cap);
    expect((await sessionRow(session.id))?.expires_at).toBe(new Date(cap).toISOString());
  });

  it('ends a session at its absolute limit however recently it was used', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    await age(session.id, 89 * day, 5 * day);
    // The first use extends only up to the cap, one day away…
    expect((await validateSessionToken(core.db, token))?.expiresAt.getTime()).toBeLessThan(Date.now() + 1.01 * day);
    // …and once the cap has passed the token no longer works.
    await core.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1).toISOString() })
      .where('id', '=', session.id)
      .execute();
    expect(await validateSessionToken(core.db, token)).toBeUndefined();
  });
});

describe('invalidateSession', () => {
  it('ends one session and leaves the others', async () => {
    const first = await createSession(core.db, ana.id, meta);
    const second = await createSession(core.db, ana.id, meta);
    await invalidateSession(core.db, first.session.id);
    expect(await validateSessionToken(core.db, first.token)).toBeUndefined();
    expect(await validateSessionToken(core.db, second.token)).toBeDefined();
  });
});

describe('invalidateUserSessions', () => {
  it('ends every session of one user and no one else', async () => {
    const anaFirst = await createSession(core.db, ana.id, meta);
    const anaSecond = await createSession(core.db, ana.id, meta);
    const benOnly = await createSession(core.db, ben.id, meta);
    await invalidateUserSessions(core.db, ana.id);
    expect(await validateSessionToken(core.db, anaFirst.token)).toBeUndefined();
    expect(await validateSessionToken(core.db, anaSecond.token)).toBeUndefined();
    expect((await validateSessionToken(core.db, benOnly.token))?.userId).toBe(ben.id);
  });
});

describe('deleteExpiredSessions', () => {
  it('deletes expired sessions and keeps live ones', async () => {
    const expired = await createSession(core.db, ana.id, meta);
    const live = await createSession(core.db, ana.id, meta);
    await age(expired.session.id, 40 * day, -day);
    await deleteExpiredSessions(core.db);
    expect(await sessionRow(expired.session.id)).toBeUndefined();
    expect(await sessionRow(live.session.id)).toBeDefined();
  });
});
