import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FileStore } from '../../../src/core/files/index.ts';

async function keysOf(store: FileStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys.sort();
}

async function streamed(
  store: FileStore,
  key: string,
): Promise<{ bytes: Buffer; size: number | null; chunks: number }> {
  const { body, size } = await store.stream(key);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return { bytes: Buffer.concat(chunks), size, chunks: chunks.length };
}

/**
 * What every FileStore must do, run against each implementation: a fresh, empty store per test from
 * `open`, which the suite never cleans up after (each test uses keys of its own).
 */
export function fileStoreContract(open: () => Promise<FileStore>): void {
  describe('put and get', () => {
    it('keeps binary bytes intact under keys with slashes', async () => {
      const store = await open();
      const bytes = new Uint8Array(256).map((_, index) => index);
      await store.put('attachments/binary', bytes);
      await store.put('mail/2026-11-24-deep/nested.eml', Buffer.from('From: a@b\r\n\r\nhi\r\n'));
      expect(new Uint8Array(await store.get('attachments/binary'))).toEqual(bytes);
      expect((await store.get('mail/2026-11-24-deep/nested.eml')).toString()).toBe('From: a@b\r\n\r\nhi\r\n');
    });

    it('replaces a file written again, and keeps an empty one', async () => {
      const store = await open();
      await store.put('attachments/again', Buffer.from('first'));
      await store.put('attachments/again', Buffer.from('second'));
      await store.put('attachments/empty', new Uint8Array(0));
      expect((await store.get('attachments/again')).toString()).toBe('second');
      expect((await store.get('attachments/empty')).byteLength).toBe(0);
    });

    it('answers a missing key with not_found, naming the key', async () => {
      const store = await open();
      await expect(store.get('attachments/missing')).rejects.toMatchObject({
        name: 'PorticoError',
        code: 'not_found',
        message: 'There is no stored file attachments/missing.',
      });
      await expect(store.stream('mail/missing.eml')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses keys that could leave their folder', async () => {
      const store = await open();
      for (const key of ['../secret.key', 'attachments/../../x', '/etc/passwd', 'attachments/.hidden', '', 'a//b']) {
        await expect(store.put(key, new Uint8Array(1)), key).rejects.toThrow('not a file key');
      }
    });
  });

  describe('stream', () => {
    it('streams a 5 MiB file in pieces with its size', async () => {
      const store = await open();
      const bytes = randomBytes(5 * 1024 * 1024);
      await store.put('attachments/large', bytes);
      const { bytes: read, size, chunks } = await streamed(store, 'attachments/large');
      expect(size).toBe(bytes.byteLength);
      expect(chunks).toBeGreaterThan(1);
      expect(createHash('sha256').update(read).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    });
  });

  describe('remove', () => {
    it('deletes a file, and deleting it again is not an error', async () => {
      const store = await open();
      await store.put('attachments/doomed', Buffer.from('x'));
      await store.remove('attachments/doomed');
      await expect(store.get('attachments/doomed')).rejects.toMatchObject({ code: 'not_found' });
      await store.remove('attachments/doomed');
      await store.remove('attachments/never-there');
    });
  });

  describe('list', () => {
    it('lists every key under a prefix and nothing else', async () => {
      const store = await open();
      expect(await keysOf(store, 'attachments/')).toEqual([]);
      await store.put('attachments/one', Buffer.from('1'));
      await store.put('attachments/two', Buffer.from('2'));
      await store.put('attachments/sub/three', Buffer.from('3'));
      await store.put('mail/a.eml', Buffer.from('a'));
      expect(await keysOf(store, 'attachments/')).toEqual([
        'attachments/one',
        'attachments/sub/three',
        'attachments/two',
      ]);
      expect(await keysOf(store, 'mail/')).toEqual(['mail/a.eml']);
      expect(await keysOf(store, 'attachments/t')).toEqual(['attachments/two']);
      await store.remove('attachments/one');
      expect(await keysOf(store, 'attachments/')).toEqual(['attachments/sub/three', 'attachments/two']);
    });
  });
}
