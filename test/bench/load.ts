/**
 * A mixed load against running portals: 70 % article and portal pages, 20 % search, 10 % ticket
 * creation and replies, from 50 connections. Prints requests per second, p50/p99 latency and errors,
 * then the server's resident memory before and after a soak.
 * Run: node test/bench/load.ts
 *   LOAD_SECONDS=60 (each run), LOAD_CONNECTIONS=50, SOAK_MINUTES=10 (0 skips the soak),
 *   LOAD_WORKERS=auto (PORTICO_WORKERS of the SQLite portal: one process per core, as docs/deploy.md advises),
 *   BENCH_DATABASE_URL=postgres://… also runs two instances sharing that (empty) PostgreSQL database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../e2e/helpers/server.ts';
import { ensureBuild, note, percentile, report, startPortico, tempDirs } from './harness.ts';
import type { Server } from './harness.ts';

const seconds = Number(process.env['LOAD_SECONDS'] ?? 60);
const connections = Number(process.env['LOAD_CONNECTIONS'] ?? 50);
const soakMinutes = Number(process.env['SOAK_MINUTES'] ?? 10);
const workers = process.env['LOAD_WORKERS'] ?? 'auto';
const words = ['password', 'vpn', 'printer', 'invoice', 'laptop', 'email', 'onboarding', 'wifi', 'refund', 'mfa'];

interface Portal {
  urls: string[];
  customer: string;
  agent: string;
  typeId: string;
  articles: string[];
  ticketNumbers: number[];
}

/** The resident memory of a process and its children (the workers), in MB. */
function residentMegabytes(pid: number): number {
  const family = fs.readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(entry) === pid || Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
  let kilobytes = 0;
  for (const member of family) {
    try {
      kilobytes += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kilobytes / 1024;
}

async function prepare(
  environment: Record<string, string>,
  instances: number,
): Promise<{ portal: Portal; servers: Server[] }> {
  const seeded = await runCli(['seed', '--demo'], environment);
  if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const email = (role: string) => new RegExp(`^\\s+${role}\\s+(\\S+@\\S+)`, 'm').exec(seeded.stdout)![1]!;
  const token = async (address: string) =>
    (await runCli(['token', 'create', '--email', address], environment)).stdout.trim().split('\n').at(-1)!;
  const customer = await token(email('customer'));
  const agent = await token(email('agent'));
  const servers: Server[] = [];
  for (let index = 0; index < instances; index++) servers.push(await startPortico(environment));
  const base = servers[0]!.url;
  const types = (await (
    await fetch(`${base}/api/v1/request-types`, { headers: { authorization: `Bearer ${customer}` } })
  ).json()) as {
    requestTypes: { id: string; name: string }[];
  };
  const listed = (await (await fetch(`${base}/api/v1/articles?limit=200`)).json()) as {
    articles: { url?: string; slug: string; category?: { slug: string } | null }[];
  };
  const articles = listed.articles.map(
    (article) => article.url ?? `/kb/${article.category?.slug ?? ''}/${article.slug}`,
  );
  return {
    servers,
    portal: {
      urls: servers.map((server) => server.url),
      customer,
      agent,
      typeId: types.requestTypes.find((type) => /question/i.test(type.name))!.id,
      articles: articles.map((article) => new URL(article, base).pathname),
      ticketNumbers: [],
    },
  };
}

type RequestKind = 'page' | 'search' | 'write';

interface RunResult {
  latencies: number[];
  byKind: Record<RequestKind, number[]>;
  errors: number;
  elapsedMs: number;
}

/** The mix by sequence number: 70 in 100 pages, 20 searches, 10 ticket writes. */
function kindOf(sequence: number): RequestKind {
  const roll = sequence % 100;
  return roll < 70 ? 'page' : roll < 90 ? 'search' : 'write';
}

/** One request of the mix; resolves with whether it succeeded. */
async function oneRequest(portal: Portal, sequence: number): Promise<boolean> {
  const url = portal.urls[sequence % portal.urls.length]!;
  const roll = sequence % 100;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  let response: Response;
  const kind = kindOf(sequence);
  if (kind === 'page') {
    const pages = ['/', '/kb', ...portal.articles];
    response = await fetch(`${url}${roll < 10 ? pick(['/', '/kb']) : pick(pages)}`);
  } else if (kind === 'search') {
    response = await fetch(`${url}/api/v1/search?q=${encodeURIComponent(`${pick(words)} ${pick(words).slice(0, 4)}`)}`);
  } else if (roll < 95 || portal.ticketNumbers.length === 0) {
    response = await fetch(`${url}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${portal.customer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestTypeId: portal.typeId, subject: `Load ${sequence}`, description: 'Under load.' }),
    });
    if (response.status === 201) {
      const created = (await response.json()) as { ticket: { number: number } };
      portal.ticketNumbers.push(created.ticket.number);
      return true;
    }
  } else {
    response = await fetch(`${url}/api/v1/tickets/${pick(portal.ticketNumbers)}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${portal.agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Reply ${sequence}` }),
    });
  }
  await response.arrayBuffer();
  return response.ok;
}

async function run(portal: Portal, durationMs: number): Promise<RunResult> {
  const latencies: number[] = [];
  const byKind: Record<RequestKind, number[]> = { page: [], search: [], write: [] };
  let errors = 0;
  let sequence = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const began = performance.now();
        const kind = kindOf(sequence);
        const ok = await oneRequest(portal, sequence++).catch(() => false);
        latencies.push(performance.now() - began);
        byKind[kind].push(performance.now() - began);
        if (!ok) errors++;
      }
    }),
  );
  for (const list of Object.values(byKind)) list.sort((a, b) => a - b);
  return { latencies: latencies.sort((a, b) => a - b), byKind, errors, elapsedMs: performance.now() - started };
}

function printRun(name: string, result: RunResult): void {
  report(`load.${name}.requests`, result.latencies.length, 'requests');
  report(`load.${name}.throughput`, result.latencies.length / (result.elapsedMs / 1000), 'req/s');
  report(`load.${name}.p50`, percentile(result.latencies, 0.5), 'ms');
  report(`load.${name}.p99`, percentile(result.latencies, 0.99), 'ms');
  for (const [kind, list] of Object.entries(result.byKind)) {
    report(`load.${name}.${kind}_p50`, percentile(list, 0.5), 'ms');
    report(`load.${name}.${kind}_p99`, percentile(list, 0.99), 'ms');
  }
  report(`load.${name}.errors`, result.errors, 'requests');
}

async function main(): Promise<void> {
  await ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-load-'));
  tempDirs.add(dataDir);
  note(`SQLite: one instance (PORTICO_WORKERS=${workers}), ${connections} connections, ${seconds} s`);
  const sqlite = await prepare({ PORTICO_DATA_DIR: dataDir, PORTICO_WORKERS: workers }, 1);
  await run(sqlite.portal, 5_000);
  printRun('sqlite', await run(sqlite.portal, seconds * 1000));
  if (soakMinutes > 0) {
    const pid = sqlite.servers[0]!.pid;
    const before = residentMegabytes(pid);
    note(`soak: ${soakMinutes} minutes`);
    const soak = await run(sqlite.portal, soakMinutes * 60_000);
    const after = residentMegabytes(pid);
    printRun('soak', soak);
    report('load.soak.rss_before', before, 'MB');
    report('load.soak.rss_after', after, 'MB');
    report('load.soak.rss_growth', ((after - before) / before) * 100, '%');
  }
  for (const server of sqlite.servers) await server.stop();

  const databaseUrl = process.env['BENCH_DATABASE_URL'];
  if (databaseUrl) {
    note(`PostgreSQL: two instances, ${connections} connections, ${seconds} s`);
    const shared = ['a', 'b'].map((name) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portico-load-${name}-`));
      tempDirs.add(dir);
      return dir;
    });
    const secret = 'a shared secret key for the load benchmark only!';
    const environment = { DATABASE_URL: databaseUrl, PORTICO_DATA_DIR: shared[0]!, PORTICO_SECRET_KEY: secret };
    const postgres = await prepare(environment, 1);
    postgres.servers.push(await startPortico({ ...environment, PORTICO_DATA_DIR: shared[1]! }));
    postgres.portal.urls.push(postgres.servers[1]!.url);
    await run(postgres.portal, 5_000);
    printRun('postgres_two_instances', await run(postgres.portal, seconds * 1000));
    for (const server of postgres.servers) await server.stop();
  }
}

await main();
process.exit(0);
