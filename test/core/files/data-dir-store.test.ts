import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataDirStore } from '../../../src/core/files/index.ts';
import { fileStoreContract } from './contract.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-files-test-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const open = async () => createDataDirStore(fs.mkdtempSync(path.join(root, 'store-')));

describe('createDataDirStore', () => {
  fileStoreContract(open);

  it('keeps the layout of the data directory: a key is a path under it, with no temporary file left', async () => {
    const store = await open();
    await store.put('attachments/abc123', Buffer.from('png'));
    await store.put('mail/2026-11-24-x.eml', Buffer.from('eml'));
    expect(fs.readFileSync(path.join(store.localRoot!, 'attachments', 'abc123'), 'utf8')).toBe('png');
    expect(fs.readdirSync(path.join(store.localRoot!, 'attachments'))).toEqual(['abc123']);
    expect(fs.readdirSync(path.join(store.localRoot!, 'mail'))).toEqual(['2026-11-24-x.eml']);
  });

  it('reads files that were there before it, and never lists temporary ones', async () => {
    const store = await open();
    fs.mkdirSync(path.join(store.localRoot!, 'mail'));
    fs.writeFileSync(path.join(store.localRoot!, 'mail', 'old.eml'), 'kept since 2025');
    fs.writeFileSync(path.join(store.localRoot!, 'mail', '.half.eml.tmp'), 'a crash left this');
    expect((await store.get('mail/old.eml')).toString()).toBe('kept since 2025');
    const keys: string[] = [];
    for await (const key of store.list('mail/')) keys.push(key);
    expect(keys).toEqual(['mail/old.eml']);
  });
});
