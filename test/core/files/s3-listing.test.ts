import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Store, filesLocationSchema } from '../../../src/core/files/index.ts';
import type { FileStore, S3Location } from '../../../src/core/files/index.ts';
import { startS3Server } from '../../helpers/s3.ts';
import type { S3Server } from '../../helpers/s3.ts';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(() => s3?.stop());

/** Puts every key, eight requests in flight at a time: quick, yet gentle on a shared machine. */
async function putAll(store: FileStore, keys: string[]): Promise<void> {
  const waiting = [...keys];
  const worker = async () => {
    for (let key = waiting.pop(); key !== undefined; key = waiting.pop()) await store.put(key, Buffer.from(key));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function listed(store: FileStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys;
}

describe('createS3Store list', () => {
  it('follows the continuation token past 1,000 keys, listing each key once and nothing outside the prefix', async () => {
    const store = createS3Store(
      filesLocationSchema.parse(await s3.addBucket(`portico-${randomBytes(6).toString('hex')}`)) as S3Location,
    );
    // s3rver pages by walking its folders in name order and resuming after the last key listed, which
    // only matches S3's key order when no name is the start of another (`attachments-old/` would be
    // skipped, not listed): so names of one length, as Portico's are, and neighbours that sort after.
    const attachments = Array.from({ length: 2_001 }, () => `attachments/${randomBytes(10).toString('hex')}`);
    const neighbours = ['attachments_old/a1', 'attachments_old/a2', 'mail/2026-11-24-one.eml', 'zzz/last'];
    await putAll(store, [...attachments, ...neighbours]);

    // S3 and s3rver answer at most 1,000 keys a page and we ask for no other size: three pages here.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    let keys: string[];
    let pages: URLSearchParams[];
    try {
      keys = await listed(store, 'attachments/');
      pages = fetchSpy.mock.calls.map(([request]) => new URL((request as Request).url).searchParams);
    } finally {
      fetchSpy.mockRestore();
    }
    expect(pages.map((query) => query.has('continuation-token'))).toEqual([false, true, true]);
    expect(pages.every((query) => query.get('prefix') === 'attachments/' && !query.has('max-keys'))).toBe(true);

    expect(keys).toHaveLength(attachments.length);
    // The same keys, sorted, from a list without repeats: each key listed exactly once.
    expect(keys.toSorted()).toEqual(attachments.toSorted());
  }, 60_000);
});
