import { PorticoError } from '../errors.ts';

/** A stored file opened for reading: its bytes as they arrive, and how many there are. */
export interface FileStream {
  body: ReadableStream<Uint8Array>;
  /** Null when the storage did not say (S3 always does; a proxy in between might not). */
  size: number | null;
}

/**
 * Where attachments and kept mail live, addressed by keys such as `attachments/<storageName>` or
 * `mail/<name>.eml`. Every implementation behaves alike, so callers never know which one they have.
 */
export interface FileStore {
  /** Where the files are, for people (`the data directory /srv/portico`); never holds credentials. */
  readonly description: string;
  /** The folder that holds the files under their keys when they are on this machine's disk, else null. */
  readonly localRoot: string | null;
  /** Writes a whole file: a reader sees the old file, the new one or none, never half of one. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The whole file; a PorticoError `not_found` when there is none. */
  get(key: string): Promise<Buffer>;
  /** The file as a stream, without holding it in memory; a PorticoError `not_found` when there is none. */
  stream(key: string): Promise<FileStream>;
  /** Deletes a file; deleting one that is not there is not an error. */
  remove(key: string): Promise<void>;
  /** Every key that starts with prefix (e.g. `attachments/`), in no particular order. */
  list(prefix: string): AsyncIterable<string>;
}

// Segments starting with a dot are kept for the data directory's temporary files.
const segment = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Refuses a key that could leave its folder or clash with temporary files; returns it unchanged. */
export function checkKey(key: string): string {
  if (!key.split('/').every((part) => segment.test(part))) throw new Error(`not a file key: ${JSON.stringify(key)}`);
  return key;
}

/** Refuses a list prefix that is not a key, a key's start, or empty. */
export function checkPrefix(prefix: string): string {
  const parts = prefix.split('/');
  const last = parts.pop() ?? '';
  if (!parts.every((part) => segment.test(part)) || (last !== '' && !segment.test(last))) {
    throw new Error(`not a file key prefix: ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

export function missingFile(key: string): PorticoError {
  return new PorticoError('not_found', `There is no stored file ${key}.`, {
    hint: 'It may have been deleted, or the files were not restored with the database.',
  });
}
