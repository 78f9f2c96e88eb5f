import type { Core } from '../context.ts';
import { newId } from '../db/values.ts';
import { isPorticoError } from '../errors.ts';
import type { FileStream } from '../files/index.ts';

/** The file-store key of a kept original (`mail/<name>`); names are ours, but refuse anything else. */
function rawKey(name: string): string {
  if (!/^[\w-]+\.eml$/.test(name)) throw new Error(`not a stored message name: ${name}`);
  return `mail/${name}`;
}

/**
 * Keeps an original message as an .eml in the file store (written whole or not at all, so a crash
 * never leaves half a message under its name); returns the file's name.
 */
export async function storeRaw(core: Core, raw: Buffer): Promise<string> {
  const name = `${new Date().toISOString().slice(0, 10)}-${newId()}.eml`;
  await core.files.put(rawKey(name), raw);
  return name;
}

export async function readRaw(core: Core, name: string): Promise<Buffer> {
  return core.files.get(rawKey(name));
}

/** A kept original as a stream, for downloads; undefined when the file is gone. */
export async function streamRaw(core: Core, name: string): Promise<FileStream | undefined> {
  try {
    return await core.files.stream(rawKey(name));
  } catch (error) {
    if (isPorticoError(error) && error.code === 'not_found') return undefined;
    throw error;
  }
}

export async function removeRaw(core: Core, name: string): Promise<void> {
  await core.files.remove(rawKey(name));
}
