/**
 * What the benchmark scripts share: figures printed as `name: value unit` on stdout, progress on
 * stderr, a real `portico start` on loopback, and cleanup of every child process and temporary
 * directory however the run ends.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { buildSite, staleBuildReason } from '../../src/cli/build.ts';
import { loadConfig } from '../../src/core/config.ts';
import { cliPath, freePort, projectRoot } from '../e2e/helpers/server.ts';

// Everything this run starts or creates, so that a failure or the time limit still cleans up.
export const children = new Set<ChildProcess>();
export const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export function report(name: string, value: number, unit: string): void {
  const shown = unit === 'ratio' ? value.toFixed(2) : Number.isInteger(value) ? String(value) : value.toFixed(1);
  console.log(`${name}: ${shown} ${unit}`);
}

export function note(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

export interface Server {
  url: string;
  /** The `portico start` process, for reading its memory. */
  pid: number;
  stop(): Promise<void>;
}

export async function startPortico(environment: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const env: Record<string, string | undefined> = {
    ...process.env,
    MEILISEARCH_URL: undefined,
    MEILISEARCH_API_KEY: undefined,
    DATABASE_URL: undefined,
    PORTICO_PUBLIC_URL: undefined,
    HOST: '127.0.0.1',
    PORT: String(port),
    PORTICO_LOG_LEVEL: 'warn',
    // A benchmark is one client asking far faster than a person would; it measures the server, not the limit.
    PORTICO_SEARCH_RATE_LIMIT: '0',
    ...environment,
  };
  const child = spawn(process.execPath, [cliPath, 'start', '--no-demo'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-8_000)));
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-8_000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    }
    children.delete(child);
  };
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portico start exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`portico start did not answer /healthz within 300 s:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, pid: child.pid ?? 0, stop };
}

export async function ensureBuild(): Promise<void> {
  const reason = staleBuildReason(loadConfig({}).publicUrl);
  if (!reason) return;
  note(`building the site first (${reason})`);
  const started = performance.now();
  await buildSite();
  note(`built in ${Math.round(performance.now() - started)} ms`);
}
