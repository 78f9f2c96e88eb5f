import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { checkKey, checkPrefix, missingFile } from './file-store.ts';
import type { FileStore } from './file-store.ts';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * Files under a folder, one file per key (`attachments/x` is `<root>/attachments/x`): the layout
 * Portico has always used in its data directory.
 */
export function createDataDirStore(root: string): FileStore {
  const fileOf = (key: string) => path.join(root, ...checkKey(key).split('/'));
  return {
    description: `the data directory ${root}`,
    localRoot: root,

    async put(key, bytes) {
      const target = fileOf(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      // A temporary name, then a rename: a crash never leaves half a file under the final name.
      const temporary = path.join(
        path.dirname(target),
        `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
      );
      try {
        await fs.writeFile(temporary, bytes, { flag: 'wx' });
        await fs.rename(temporary, target);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },

    async get(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (error) {
        throw isMissing(error) ? missingFile(key) : error;
      }
    },

    async stream(key) {
      const handle = await fs.open(fileOf(key)).catch((error: unknown) => {
        throw isMissing(error) ? missingFile(key) : error;
      });
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        throw missingFile(key);
      }
      const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
      return { body, size: stat.size };
    },

    async remove(key) {
      await fs.rm(fileOf(key), { force: true });
    },

    async *list(prefix) {
      const folder = checkPrefix(prefix).slice(0, prefix.lastIndexOf('/') + 1);
      const entries = await fs
        .readdir(path.join(root, ...folder.split('/')), { recursive: true, withFileTypes: true })
        .catch((error: unknown) => {
          if (isMissing(error)) return [];
          throw error;
        });
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const key = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
        if (key.startsWith(prefix) && !key.split('/').some((part) => part.startsWith('.'))) yield key;
      }
    },
  };
}
