import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/core/db/index.ts';
import type { Db } from '../../../src/core/db/index.ts';
import type { SearchDocument } from '../../../src/core/search/engine.ts';
import { createFts5Engine } from '../../../src/core/search/fts5-engine.ts';
import { createMeilisearchEngine } from '../../../src/core/search/meilisearch-engine.ts';
import { createSearchService } from '../../../src/core/search/service.ts';

const silent = pino({ level: 'silent' });
const article: SearchDocument = {
  id: 'a1',
  slug: 'reset-your-password',
  categorySlug: 'account-access',
  categoryName: 'Account access',
  title: 'Reset your password',
  summary: 'Choose a new password yourself.',
  body: 'Open the password portal and follow the steps.',
  tags: ['password'],
  visibility: 'public',
  status: 'published',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

let db: Db;

beforeEach(() => {
  db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
});

afterEach(async () => {
  await db.destroy();
});

function unreachableMeilisearch() {
  return createMeilisearchEngine({ url: 'http://127.0.0.1:1', apiKey: 'unused', timeoutMs: 500 });
}

describe('createSearchService', () => {
  it('answers from the local index when Meilisearch is unreachable, and says which engine answered', async () => {
    const service = createSearchService(createFts5Engine(db), unreachableMeilisearch(), silent);
    await service.local.init();
    await service.local.upsert([article]);
    const result = await service.search({ text: 'password', audience: 'public', limit: 5, offset: 0 });
    expect(result.engine).toBe('fts5');
    expect(result.hits.map((hit) => hit.slug)).toEqual(['reset-your-password']);
  });

  it('writes to the local index even when the remote one fails, and reports the failure for a retry', async () => {
    const service = createSearchService(createFts5Engine(db), unreachableMeilisearch(), silent);
    await expect(service.upsert([article])).rejects.toThrow();
    const result = await service.local.search({ text: 'password', audience: 'public', limit: 5, offset: 0 });
    expect(result.hits).toHaveLength(1);
  });

  it('skips the unreachable engine for a while instead of waiting for it on every query', async () => {
    const remote = unreachableMeilisearch();
    let attempts = 0;
    const counted = {
      ...remote,
      name: remote.name,
      init: () => {
        attempts++;
        return remote.init();
      },
    };
    const service = createSearchService(createFts5Engine(db), counted, silent);
    await service.search({ text: 'password', audience: 'public', limit: 5, offset: 0 });
    await service.search({ text: 'password', audience: 'public', limit: 5, offset: 0 });
    await service.search({ text: 'password', audience: 'public', limit: 5, offset: 0 });
    expect(attempts).toBe(1);
  });

  it('keeps synonyms for the remote engine and applies them locally at once', async () => {
    const service = createSearchService(createFts5Engine(db), unreachableMeilisearch(), silent);
    await service.local.init();
    await service.local.upsert([
      { ...article, id: 'a2', slug: 'laptop', title: 'Laptop will not start', body: 'Charge it.' },
    ]);
    await expect(service.setSynonyms([['notebook', 'laptop']])).resolves.toBeUndefined();
    const result = await service.search({ text: 'notebook', audience: 'public', limit: 5, offset: 0 });
    expect(result.hits.map((hit) => hit.slug)).toEqual(['laptop']);
  });

  it('uses the local engine alone when no remote one is configured', async () => {
    const service = createSearchService(createFts5Engine(db), null, silent);
    await service.upsert([article]);
    expect(service.primary.name).toBe('fts5');
    const result = await service.search({ text: 'passw', audience: 'public', limit: 5, offset: 0 });
    expect(result.hits).toHaveLength(1);
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
  });
});
