/**
 * The service desk at a million tickets: loads tickets with their messages through the core
 * (importTickets, batches of 1,000 per transaction), then measures against a real `portico start`:
 * ticket creation over HTTP (POST /api/v1/tickets, concurrent clients) beside the raw insert rate of
 * the same rows straight into SQLite (the ceiling), and each desk queue's first page and a deep page
 * over HTTP (GET /api/v1/tickets). Ends with the database's size.
 *
 * Run: node test/bench/tickets.ts [--tickets 1000000] [--creates 2000] [--concurrency 8] [--samples 200]
 *        [--timeout-minutes 90] [--keep]
 * Prints one `name: value unit` line per figure on stdout; progress goes to stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { createProgress } from '../../src/cli/progress.ts';
import { createApiToken } from '../../src/core/auth/index.ts';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import { connectDatabase, migrateToLatest } from '../../src/core/db/index.ts';
import { seedDemo } from '../../src/core/demo/seed.ts';
import { importTickets } from '../../src/core/tickets/index.ts';
import type { ImportedTicket } from '../../src/core/tickets/index.ts';
import { createGroup, createUser, listGroups, setGroupMembers, systemActor } from '../../src/core/users/index.ts';
import type { User } from '../../src/core/users/index.ts';
import { ensureBuild, note, percentile, report, startPortico, tempDirs } from './harness.ts';
import type { Server } from './harness.ts';

const { values: options } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    creates: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    samples: { type: 'string', default: '200' },
    'timeout-minutes': { type: 'string', default: '90' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const ticketCount = Number(options.tickets);
const createCount = Number(options.creates);
const concurrency = Number(options.concurrency);
const samples = Number(options.samples);
setTimeout(
  () => {
    console.error(`tickets bench: gave up after ${options['timeout-minutes']} minutes`);
    process.exit(1);
  },
  Number(options['timeout-minutes']) * 60_000,
).unref();

/** A small deterministic generator, so every run loads the same tickets. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const subjects = ['VPN drops', 'Printer jams', 'Password expired', 'Laptop slow', 'New starter', 'Access to CRM'];
const statuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;

function generateTickets(
  count: number,
  people: { customers: User[]; agents: User[]; groupIds: string[] },
  startMs: number,
  seed: number,
): ImportedTicket[] {
  const next = random(seed);
  const pick = <Item>(items: readonly Item[]) => items[Math.floor(next() * items.length)]!;
  const spanMs = 2 * 365 * 24 * 3600 * 1000;
  return Array.from({ length: count }, (_, index) => {
    const created = startMs + Math.floor(((index + next()) / count) * spanMs);
    const updated = created + Math.floor(next() * 3 * 24 * 3600 * 1000);
    // Most of a desk's history is finished; about 12 % is still open.
    const status = next() < 0.12 ? pick(statuses.slice(0, 3)) : pick(statuses.slice(3));
    const requester = pick(people.customers);
    const agent = pick(people.agents);
    return {
      kind: next() < 0.5 ? 'incident' : 'service_request',
      subject: `${pick(subjects)} #${index}`,
      description: 'Generated for the benchmark: a short description of what went wrong and since when.',
      status,
      priority: pick(['P1', 'P2', 'P3', 'P4'] as const),
      requesterId: requester.id,
      organisationId: requester.organisationId,
      groupId: pick(people.groupIds),
      assigneeId: status === 'new' && next() < 0.6 ? null : agent.id,
      channel: 'portal',
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(updated).toISOString(),
      messages: [
        {
          authorId: requester.id,
          body: 'Any news on this?',
          internal: false,
          createdAt: new Date(created + 60_000).toISOString(),
        },
        {
          authorId: agent.id,
          body: 'We are on it and will update you here.',
          internal: false,
          createdAt: new Date(updated).toISOString(),
        },
      ],
    };
  });
}

async function timedFetch(url: string, init: RequestInit): Promise<{ ms: number; status: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  const body: unknown = await response.json();
  return { ms: performance.now() - started, status: response.status, body };
}

function latencyLines(name: string, timings: number[]): void {
  const sorted = [...timings].sort((a, b) => a - b);
  report(`${name} p50`, percentile(sorted, 0.5), 'ms');
  report(`${name} p95`, percentile(sorted, 0.95), 'ms');
}

async function createOverHttp(server: Server, token: string, requestTypeId: string): Promise<string[]> {
  const timings: number[] = [];
  const numbers: string[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < createCount) {
        const index = issued++;
        const result = await timedFetch(`${server.url}/api/v1/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            requestTypeId,
            subject: `Created over HTTP #${index}`,
            description: 'The benchmark asks a question.',
            fields: {},
          }),
        });
        if (result.status !== 201) throw new Error(`create answered ${result.status}: ${JSON.stringify(result.body)}`);
        numbers.push((result.body as { ticket: { reference: string } }).ticket.reference);
        timings.push(result.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  report('ticket create over HTTP', createCount / seconds, 'req/s');
  latencyLines('ticket create over HTTP', timings);
  return numbers;
}

/** The same ticket rows, inserted with prepared statements into a fresh database file: the ceiling. */
function rawInsertRate(dataDir: string, file: string): void {
  const source = new BetterSqlite3(path.join(dataDir, 'portico.db'), { readonly: true });
  const rows = source
    .prepare(`select * from tickets where subject like 'Created over HTTP #%' order by number`)
    .all() as Record<string, unknown>[];
  source.close();
  const target = new BetterSqlite3(file);
  target.pragma('journal_mode = WAL');
  target.pragma('synchronous = FULL');
  // The scratch database has no users or request types: measure the insert, not the references.
  target.pragma('foreign_keys = OFF');
  const columns = Object.keys(rows[0]!);
  const insert = target.prepare(
    `insert into tickets (${columns.join(', ')}) values (${columns.map((column) => `@${column}`).join(', ')})`,
  );
  let number = 10_000_000;
  const copy = (row: Record<string, unknown>) => ({ ...row, id: `raw${number}`, number: number++ });
  const one = target.transaction((row: Record<string, unknown>) => insert.run(copy(row)));
  let started = performance.now();
  for (const row of rows) one(row);
  report(
    'raw SQLite insert, one transaction per ticket',
    rows.length / ((performance.now() - started) / 1000),
    'rows/s',
  );
  const all = target.transaction((batch: Record<string, unknown>[]) => batch.forEach((row) => insert.run(copy(row))));
  started = performance.now();
  all(rows);
  report('raw SQLite insert, one transaction for all', rows.length / ((performance.now() - started) / 1000), 'rows/s');
  target.close();
}

/** A cursor for the page that starts `depth` rows into a queue (the list's cursor format: [updated_at, id]). */
function deepCursor(dataDir: string, where: string, depth: number): string | null {
  const database = new BetterSqlite3(path.join(dataDir, 'portico.db'), { readonly: true });
  const row = database
    .prepare(
      `select updated_at, id from tickets where merged_into_id is null and ${where} order by updated_at desc, id desc limit 1 offset ?`,
    )
    .get(depth) as { updated_at: string; id: string } | undefined;
  database.close();
  return row ? Buffer.from(JSON.stringify([row.updated_at, row.id])).toString('base64url') : null;
}

async function queuePages(server: Server, dataDir: string, token: string, agent: User, groupIds: string[]) {
  const queues = {
    mine: `is_open = 1 and assignee_id = '${agent.id}'`,
    unassigned: 'is_open = 1 and assignee_id is null',
    groups: `is_open = 1 and group_id in (${groupIds.map((id) => `'${id}'`).join(', ')})`,
    all: '1 = 1',
  };
  for (const [queue, where] of Object.entries(queues)) {
    const database = new BetterSqlite3(path.join(dataDir, 'portico.db'), { readonly: true });
    const size = (database.prepare(`select count(*) as n from tickets where ${where}`).get() as { n: number }).n;
    database.close();
    note(`queue ${queue}: ${size} tickets`);
    const cursor = deepCursor(dataDir, where, Math.floor(size * 0.9));
    for (const [page, suffix] of [
      ['first page', ''],
      ['deep page', cursor ? `&cursor=${cursor}` : null],
    ] as const) {
      if (suffix === null) continue;
      const timings: number[] = [];
      for (let sample = 0; sample < samples; sample++) {
        const result = await timedFetch(`${server.url}/api/v1/tickets?queue=${queue}&limit=25${suffix}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (result.status !== 200)
          throw new Error(`${queue} answered ${result.status}: ${JSON.stringify(result.body)}`);
        timings.push(result.ms);
      }
      latencyLines(`desk queue ${queue}, ${page}`, timings);
    }
  }
}

async function main(): Promise<void> {
  await ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-tickets-'));
  if (!options.keep) tempDirs.add(dataDir);
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' });
  const core = createCore(config, { log: pino({ level: 'silent' }) });
  await migrateToLatest(core.db);
  await seedDemo(core);
  const customers: User[] = [];
  for (let index = 0; index < 500; index++) {
    customers.push(
      await createUser(core, systemActor, {
        email: `customer${index}@bench.example`,
        name: `Customer ${index}`,
        role: 'customer',
      }),
    );
  }
  const agents: User[] = [];
  for (let index = 0; index < 30; index++) {
    agents.push(
      await createUser(core, systemActor, {
        email: `agent${index}@bench.example`,
        name: `Agent ${index}`,
        role: 'agent',
      }),
    );
  }
  const groupIds = [(await listGroups(core, systemActor))[0]!.id];
  for (const name of ['Network', 'Hardware', 'Accounts']) {
    const group = await createGroup(core, systemActor, { name, description: '' });
    await setGroupMembers(
      core,
      systemActor,
      group.id,
      agents.slice(0, 10).map((member) => ({ userId: member.id, isLead: false })),
    );
    groupIds.push(group.id);
  }
  // The first bench agent is in every group and holds a share of the assignments: a busy desk's view.
  const deskAgent = agents[0]!;
  note(`loading ${ticketCount} tickets with 2 messages each`);
  const progress = createProgress('loading tickets');
  const startMs = Date.parse('2024-11-01T00:00:00Z');
  const batch = 1000;
  const started = performance.now();
  for (let done = 0; done < ticketCount; done += batch) {
    const size = Math.min(batch, ticketCount - done);
    await importTickets(
      core,
      systemActor,
      generateTickets(size, { customers, agents, groupIds }, startMs + done * 60_000, done + 1),
    );
    progress(done + size, ticketCount);
  }
  const loadSeconds = (performance.now() - started) / 1000;
  report('tickets loaded', ticketCount, 'tickets');
  report('load through the core', ticketCount / loadSeconds, 'tickets/s');
  const customerToken = (await createApiToken(core, systemActor, customers[0]!.id, 'bench')).token;
  const agentToken = (await createApiToken(core, systemActor, deskAgent.id, 'bench')).token;
  await closeCore(core);

  const server = await startPortico({ PORTICO_DATA_DIR: dataDir });
  try {
    await createOverHttp(server, customerToken, 'ask-a-question');
    const scratch = connectDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'raw.db') });
    await migrateToLatest(scratch);
    await scratch.destroy();
    rawInsertRate(dataDir, path.join(dataDir, 'raw.db'));
    await queuePages(server, dataDir, agentToken, deskAgent, groupIds);
  } finally {
    await server.stop();
  }
  const bytes = ['portico.db', 'portico.db-wal']
    .map((name) => path.join(dataDir, name))
    .filter((file) => fs.existsSync(file))
    .reduce((total, file) => total + fs.statSync(file).size, 0);
  report('database size', bytes / 1024 / 1024, 'MiB');
  if (options.keep) note(`kept ${dataDir}`);
}

await main();
