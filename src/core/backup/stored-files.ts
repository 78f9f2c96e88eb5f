import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FileStore } from '../files/index.ts';
import { listFiles, storedEntries } from './archive.ts';

/**
 * Copies every stored file into a folder under its key (`<into>/attachments/<name>`), one at a time and
 * streamed, so a large bucket needs disk space in the staging folder but not memory.
 */
export async function exportStoredFiles(store: FileStore, into: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of storedEntries) {
    for await (const key of store.list(`${entry}/`)) {
      const target = path.join(into, ...key.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const { body } = await store.stream(key);
      await pipeline(Readable.fromWeb(body as NodeReadableStream), fs.createWriteStream(target));
      files++;
      bytes += fs.statSync(target).size;
    }
  }
  return { files, bytes };
}

/** Writes an unpacked archive's files back through the store, whichever kind it is; returns how many. */
export async function importStoredFiles(store: FileStore, from: string): Promise<number> {
  let files = 0;
  for (const entry of storedEntries) {
    // Names starting with a dot are temporary files a crash left behind, never stored files.
    const names = listFiles(path.join(from, entry)).filter((name) => !/(^|[\\/])\./.test(name));
    for (const name of names) {
      await store.put(`${entry}/${name.split(path.sep).join('/')}`, fs.readFileSync(path.join(from, entry, name)));
      files++;
    }
  }
  return files;
}
