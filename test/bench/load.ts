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
import { KeepAliveConnection } from './keep-alive-client.ts';
import type { Answer } from './keep-alive-client.ts';
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

/** A process and its children (the workers). */
function familyOf(pid: number): string[] {
  return fs.readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(entry) === pid || Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}

/** The resident memory of a process and its children, in MB. */
function residentMegabytes(pid: number): number {
  let kilobytes = 0;
  for (const member of familyOf(pid)) {
    try {
      kilobytes += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kilobytes / 1024;
}

/** CPU time used so far by a process and its children, in ms (user and system; /proc counts in 1/100 s). */
function cpuMilliseconds(pid: number): number {
  let ticks = 0;
  for (const member of familyOf(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${member}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks * 10;
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
  /** CPU the benchmark's own process used, as a share of one core: it runs on the same cores as the server. */
  clientCpu: number;
  /** CPU the servers (and their workers) used per request answered, in ms: steadier than latency on a shared box. */
  serverCpuPerRequest: number;
}

/**
 * Where a request falls in the mix, 0–99. Any 100 consecutive requests hold each value once; the
 * stride (coprime with 100) interleaves the kinds, as a portal's visitors do, instead of sending
 * 70 pages, then 20 searches, then 10 writes.
 */
function rollOf(sequence: number): number {
  return (sequence * 37) % 100;
}

/** The mix: 70 in 100 pages, 20 searches, 10 ticket writes. */
function kindOf(sequence: number): RequestKind {
  const roll = rollOf(sequence);
  return roll < 70 ? 'page' : roll < 90 ? 'search' : 'write';
}

/** One request of the mix on one of the client's connections (one per server); resolves with whether it succeeded. */
async function oneRequest(portal: Portal, sequence: number, open: KeepAliveConnection[]): Promise<boolean> {
  const server = sequence % portal.urls.length;
  const connection = (open[server] ??= new KeepAliveConnection(portal.urls[server]!));
  const send = connection.request.bind(connection);
  const roll = rollOf(sequence);
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  let answer: Answer;
  const kind = kindOf(sequence);
  if (kind === 'page') {
    const pages = ['/', '/kb', ...portal.articles];
    answer = await send('GET', roll < 10 ? pick(['/', '/kb']) : pick(pages));
  } else if (kind === 'search') {
    answer = await send('GET', `/api/v1/search?q=${encodeURIComponent(`${pick(words)} ${pick(words).slice(0, 4)}`)}`);
  } else if (roll < 95 || portal.ticketNumbers.length === 0) {
    answer = await send(
      'POST',
      '/api/v1/tickets',
      { authorization: `Bearer ${portal.customer}`, 'content-type': 'application/json' },
      JSON.stringify({ requestTypeId: portal.typeId, subject: `Load ${sequence}`, description: 'Under load.' }),
    );
    if (answer.status === 201) {
      const created = JSON.parse(answer.body) as { ticket: { number: number } };
      portal.ticketNumbers.push(created.ticket.number);
      return true;
    }
  } else {
    answer = await send(
      'POST',
      `/api/v1/tickets/${pick(portal.ticketNumbers)}/messages`,
      { authorization: `Bearer ${portal.agent}`, 'content-type': 'application/json' },
      JSON.stringify({ body: `Reply ${sequence}` }),
    );
  }
  return answer.status >= 200 && answer.status < 300;
}

async function run(portal: Portal, servers: Server[], durationMs: number): Promise<RunResult> {
  const serverCpu = () => servers.reduce((sum, server) => sum + cpuMilliseconds(server.pid), 0);
  const serverCpuBefore = serverCpu();
  const latencies: number[] = [];
  const byKind: Record<RequestKind, number[]> = { page: [], search: [], write: [] };
  let errors = 0;
  let sequence = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const open: KeepAliveConnection[] = [];
      while (performance.now() < end) {
        const began = performance.now();
        const kind = kindOf(sequence);
        const ok = await oneRequest(portal, sequence++, open).catch(() => false);
        latencies.push(performance.now() - began);
        byKind[kind].push(performance.now() - began);
        if (!ok) errors++;
      }
      for (const connection of open) connection.close();
    }),
  );
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  for (const list of Object.values(byKind)) list.sort((a, b) => a - b);
  const clientCpu = (cpu.user + cpu.system) / 1000 / elapsedMs;
  const serverCpuPerRequest = (serverCpu() - serverCpuBefore) / latencies.length;
  return { latencies: latencies.sort((a, b) => a - b), byKind, errors, elapsedMs, clientCpu, serverCpuPerRequest };
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
  report(`load.${name}.client_cpu`, result.clientCpu * 100, '% of a core');
  report(`load.${name}.server_cpu_per_request`, result.serverCpuPerRequest * 1000, 'µs');
}

async function main(): Promise<void> {
  await ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-load-'));
  tempDirs.add(dataDir);
  note(`SQLite: one instance (PORTICO_WORKERS=${workers}), ${connections} connections, ${seconds} s`);
  const sqlite = await prepare({ PORTICO_DATA_DIR: dataDir, PORTICO_WORKERS: workers }, 1);
  await run(sqlite.portal, sqlite.servers, 5_000);
  printRun('sqlite', await run(sqlite.portal, sqlite.servers, seconds * 1000));
  if (soakMinutes > 0) {
    const pid = sqlite.servers[0]!.pid;
    const before = residentMegabytes(pid);
    note(`soak: ${soakMinutes} minutes`);
    const soak = await run(sqlite.portal, sqlite.servers, soakMinutes * 60_000);
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
    await run(postgres.portal, postgres.servers, 5_000);
    printRun('postgres_two_instances', await run(postgres.portal, postgres.servers, seconds * 1000));
    for (const server of postgres.servers) await server.stop();
  }
}

await main();
process.exit(0);
