import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The data directory's folders that the file store holds (keys `attachments/…`, `mail/…`). */
export const storedEntries = ['attachments', 'mail'] as const;
/** What stays in each instance's data directory whatever the file store. */
export const diskOnlyEntries = ['secret.key'] as const;
/** What a backup holds besides the database: uploaded files, kept mail, and the key that seals secrets. */
export const dataEntries = [...storedEntries, ...diskOnlyEntries] as const;

export interface BackupManifest {
  format: 'portico-backup/1';
  createdAt: string;
  porticoVersion: string;
  dialect: 'sqlite' | 'postgres';
  /** Rows per table at the moment of the snapshot. */
  tables: Record<string, number>;
  files: number;
  bytes: number;
}

/** Every file under a directory, relative to it, sorted. */
export function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Packs a staging directory (database, manifest, files fetched from object storage) and the named
 * entries of the data directory into one .tar.gz.
 */
export async function pack(
  out: string,
  staging: string,
  dataDir: string,
  entries: readonly string[] = dataEntries,
): Promise<void> {
  const present = entries.filter((entry) => fs.existsSync(path.join(dataDir, entry)));
  const temporary = `${out}.partial`;
  await run('tar', ['-czf', temporary, '-C', staging, '.', ...(present.length ? ['-C', dataDir, ...present] : [])]);
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, out);
}

/** Unpacks a backup into a directory and reads its manifest. */
export async function unpack(file: string, into: string): Promise<BackupManifest> {
  try {
    await run('tar', ['-xzf', file, '-C', into]);
  } catch {
    throw new Error(`${file} is not a readable backup archive (.tar.gz)`);
  }
  const manifestFile = path.join(into, 'manifest.json');
  const manifest = fs.existsSync(manifestFile)
    ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Partial<BackupManifest>)
    : {};
  if (manifest.format !== 'portico-backup/1') throw new Error(`${file} is not a Portico backup (no manifest)`);
  return manifest as BackupManifest;
}
