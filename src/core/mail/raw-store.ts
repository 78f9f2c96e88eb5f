import fs from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '../context.ts';
import { newId } from '../db/values.ts';

/** The folder of original messages: $PORTICO_DATA_DIR/mail. */
export function rawDir(core: Core): string {
  return path.join(core.config.dataDir, 'mail');
}

/**
 * Keeps an original message as an .eml file (written to a temporary name, then renamed, so a crash
 * never leaves half a file under the final name); returns the file's name.
 */
export async function storeRaw(core: Core, raw: Buffer): Promise<string> {
  await fs.mkdir(rawDir(core), { recursive: true });
  const name = `${new Date().toISOString().slice(0, 10)}-${newId()}.eml`;
  const temporary = path.join(rawDir(core), `.${name}.tmp`);
  await fs.writeFile(temporary, raw, { flag: 'wx' });
  await fs.rename(temporary, path.join(rawDir(core), name));
  return name;
}

/** The path of a stored original; names are ours, but refuse anything that is not a plain file name. */
export function rawPath(core: Core, name: string): string {
  if (!/^[\w-]+\.eml$/.test(name)) throw new Error(`not a stored message name: ${name}`);
  return path.join(rawDir(core), name);
}

export async function readRaw(core: Core, name: string): Promise<Buffer> {
  return fs.readFile(rawPath(core, name));
}

export async function removeRaw(core: Core, name: string): Promise<void> {
  await fs.rm(rawPath(core, name), { force: true });
}
