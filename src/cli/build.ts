import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKey, readBuildStamp } from '../integration/build-stamp.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const serverEntry = path.join(projectRoot, 'dist/server/entry.mjs');
const sourceEntries = ['src', 'plugins', 'astro.config.mjs', 'package.json', 'package-lock.json'];

function newestModification(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestModification(path.join(entry, child)));
  return newest;
}

/** The reason a build is needed, or null when the existing one is current. */
export function staleBuildReason(publicUrl: URL): string | null {
  if (!fs.existsSync(serverEntry)) return 'no build yet';
  const stamp = readBuildStamp(projectRoot);
  if (!stamp) return 'the build has no stamp';
  if (stamp.key !== buildKey(publicUrl)) return 'PORTICO_PUBLIC_URL changed';
  const newest = Math.max(...sourceEntries.map((entry) => newestModification(path.join(projectRoot, entry))));
  return newest > stamp.builtAt ? 'the sources changed' : null;
}

/** Builds the site in this process (the integration writes the stamp). */
export async function buildSite(): Promise<void> {
  const { build } = await import('astro');
  await build({ root: projectRoot, logLevel: 'warn' });
}
