import fs from 'node:fs';
import path from 'node:path';

/**
 * A build depends on the sources and on the public URL's scheme and host (baked into Astro's allowed
 * domains). The stamp records both so `portico start` can tell whether to rebuild.
 */
export interface BuildStamp {
  key: string;
  builtAt: number;
}

export function buildKey(publicUrl: URL): string {
  return `${publicUrl.protocol}//${publicUrl.hostname}`;
}

export function stampPath(projectRoot: string): string {
  return path.join(projectRoot, 'dist', '.portico-build.json');
}

export function writeBuildStamp(projectRoot: string, stamp: BuildStamp): void {
  fs.writeFileSync(stampPath(projectRoot), JSON.stringify(stamp));
}

export function readBuildStamp(projectRoot: string): BuildStamp | undefined {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampPath(projectRoot), 'utf8')) as Partial<BuildStamp>;
    return typeof stamp.key === 'string' && typeof stamp.builtAt === 'number'
      ? { key: stamp.key, builtAt: stamp.builtAt }
      : undefined;
  } catch {
    return undefined;
  }
}
