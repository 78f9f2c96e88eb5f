import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;

/** The worker processes `portico start` runs (children started from src/server/worker.ts). */
function workerPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        return parent === server.pid && command.includes('src/server/worker.ts') ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

function statusOnNewConnection(path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${server.url}${path}`, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy(new Error(`${path}: no answer within 5 s`)));
    request.on('error', reject);
  });
}

async function until<T>(check: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  server = await startServer({ environment: { PORTICO_WORKERS: '2' } });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('PORTICO_WORKERS=2', () => {
  it('serves from two worker processes sharing the port', () => {
    expect(server.output()).toMatch(/2 workers/);
    expect(workerPids()).toHaveLength(2);
  });

  it('keeps a session valid whichever worker answers', async () => {
    const customer = server.login('customer');
    const cookie = await sessionCookie(server.url, customer);
    for (let request = 0; request < 12; request++) {
      const response = await fetch(`${server.url}/api/v1/me`, { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { user: { email: string } }).user.email).toBe(customer.email);
    }
  });

  it('replaces a worker that dies', async () => {
    const [victim, survivor] = workerPids();
    process.kill(victim!, 'SIGKILL');
    const replaced = await until(() => {
      const pids = workerPids();
      return pids.length === 2 && !pids.includes(victim!) ? pids : undefined;
    }, 'a new worker');
    expect(replaced).toContain(survivor);
    expect(server.output()).toMatch(new RegExp(`worker ${victim} stopped \\(SIGKILL\\); starting another`));
    for (let request = 0; request < 10; request++) expect(await statusOnNewConnection('/healthz')).toBe(200);
  });

  it('stops every worker when it is stopped', async () => {
    const pids = workerPids();
    await server.stop();
    await until(() => (pids.every((pid) => !fs.existsSync(`/proc/${pid}`)) ? true : undefined), 'workers to exit');
  });
});
