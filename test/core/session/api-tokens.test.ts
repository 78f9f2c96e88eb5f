import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  hashToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  revokeUserApiTokens,
  validateApiToken,
} from '../../../src/core/session/index.ts';
import { createUser, systemActor } from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

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

describe('insertApiToken', () => {
  it('returns a pt_ token once and stores only its SHA-256', async () => {
    const { token, apiToken } = await insertApiToken(core.db, ana.id, 'laptop');
    expect(token.startsWith('pt_')).toBe(true);
    expect(token.length).toBeGreaterThanOrEqual(35);
    expect(apiToken).toMatchObject({ userId: ana.id, label: 'laptop', lastUsedAt: null });
    const rows = await core.db.selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashToken(token));
    expect(rows[0]?.id).toBe(apiToken.id);
    expect(JSON.stringify(rows)).not.toContain(token.slice(3));
  });

  it('issues a different token every time', async () => {
    const first = await insertApiToken(core.db, ana.id, 'one');
    const second = await insertApiToken(core.db, ana.id, 'one');
    expect(first.token).not.toBe(second.token);
    expect(first.apiToken.id).not.toBe(second.apiToken.id);
  });
});

describe('validateApiToken', () => {
  it('returns the owner of a live token', async () => {
    const { token } = await insertApiToken(core.db, ana.id, 'laptop');
    expect(await validateApiToken(core.db, token)).toBe(ana.id);
  });

  it('returns undefined for an unknown token, a token without the prefix and the stored hash', async () => {
    const { token } = await insertApiToken(core.db, ana.id, 'laptop');
    expect(await validateApiToken(core.db, 'pt_unknown')).toBeUndefined();
    expect(await validateApiToken(core.db, token.slice(3))).toBeUndefined();
    expect(await validateApiToken(core.db, hashToken(token))).toBeUndefined();
    expect(await validateApiToken(core.db, '')).toBeUndefined();
  });

  it('records when the token was last used, at most once a minute', async () => {
    const { token, apiToken } = await insertApiToken(core.db, ana.id, 'laptop');
    const lastUsed = async () =>
      (await core.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', apiToken.id).executeTakeFirst())
        ?.last_used_at;
    await validateApiToken(core.db, token);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await validateApiToken(core.db, token);
    expect(await lastUsed()).toBe(first);
    const twoMinutesAgo = new Date(Date.now() - 120_000).toISOString();
    await core.db
      .updateTable('api_tokens')
      .set({ last_used_at: twoMinutesAgo })
      .where('id', '=', apiToken.id)
      .execute();
    await validateApiToken(core.db, token);
    expect((await lastUsed())! > twoMinutesAgo).toBe(true);
  });
});

describe('listApiTokens', () => {
  it("lists a user's live tokens, newest first, without the secrets", async () => {
    const older = await insertApiToken(core.db, ana.id, 'older');
    await core.db
      .updateTable('api_tokens')
      .set({ created_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', older.apiToken.id)
      .execute();
    const newer = await insertApiToken(core.db, ana.id, 'newer');
    const revoked = await insertApiToken(core.db, ana.id, 'revoked');
    await revokeApiToken(core.db, ana.id, revoked.apiToken.id);
    await insertApiToken(core.db, ben.id, 'bens');
    const tokens = await listApiTokens(core.db, ana.id);
    expect(tokens.map((t) => t.label)).toEqual(['newer', 'older']);
    expect(tokens[0]?.id).toBe(newer.apiToken.id);
    expect(JSON.stringify(tokens)).not.toContain(newer.token);
  });
});

describe('revokeApiToken', () => {
  it('stops a token from working', async () => {
    const { token, apiToken } = await insertApiToken(core.db, ana.id, 'laptop');
    expect(await revokeApiToken(core.db, ana.id, apiToken.id)).toBe(true);
    expect(await validateApiToken(core.db, token)).toBeUndefined();
  });

  it("refuses to revoke another user's token", async () => {
    const { token, apiToken } = await insertApiToken(core.db, ana.id, 'laptop');
    expect(await revokeApiToken(core.db, ben.id, apiToken.id)).toBe(false);
    expect(await validateApiToken(core.db, token)).toBe(ana.id);
  });

  it('answers false for a token that is already revoked or does not exist', async () => {
    const { apiToken } = await insertApiToken(core.db, ana.id, 'laptop');
    await revokeApiToken(core.db, ana.id, apiToken.id);
    expect(await revokeApiToken(core.db, ana.id, apiToken.id)).toBe(false);
    expect(await revokeApiToken(core.db, ana.id, 'nope')).toBe(false);
  });
});

describe('revokeUserApiTokens', () => {
  it('revokes every token of one user and no one else', async () => {
    const first = await insertApiToken(core.db, ana.id, 'one');
    const second = await insertApiToken(core.db, ana.id, 'two');
    const bens = await insertApiToken(core.db, ben.id, 'bens');
    await revokeUserApiTokens(core.db, ana.id);
    expect(await validateApiToken(core.db, first.token)).toBeUndefined();
    expect(await validateApiToken(core.db, second.token)).toBeUndefined();
    expect(await validateApiToken(core.db, bens.token)).toBe(ben.id);
    expect(await listApiTokens(core.db, ana.id)).toEqual([]);
  });
});
