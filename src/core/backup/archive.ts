import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a backup holds besides the database: uploaded files, kept mail, and the key that seals secrets. */
export const dataEntries = ['attachments', 'mail', 'secret.key'] as const;

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

/** Packs a staging directory (database and manifest) and the data directory's entries into one .tar.gz. */
export async function pack(out: string, staging: string, dataDir: string): Promise<void> {
  const present = dataEntries.filter((entry) => fs.existsSync(path.join(dataDir, entry)));
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
