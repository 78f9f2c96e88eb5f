/**
 * SLA clocks at desk scale: loads open tickets through the core (importTickets, batches of 1,000) into a
 * temporary SQLite file under the demo's London business-hours policy, then measures recomputing every
 * ticket's SLA state (µs per ticket) and the minutely deadline checker at that size: one catch-up run,
 * then runs a minute apart (ms per run, with the crossings each found).
 *
 * Run: node test/bench/sla.ts [--tickets 100000] [--minutes 10] [--keep]
 * Prints one `name: value unit` line per figure on stdout; progress goes to stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createProgress } from '../../src/cli/progress.ts';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import { migrateToLatest } from '../../src/core/db/index.ts';
import { checkSlaDeadlines, recomputeOpenTickets, seedDemoSla } from '../../src/core/sla/index.ts';
import { importTickets } from '../../src/core/tickets/index.ts';
import type { ImportedTicket } from '../../src/core/tickets/index.ts';
import { createUser, systemActor } from '../../src/core/users/index.ts';
import type { User } from '../../src/core/users/index.ts';
import { note, report, tempDirs } from './harness.ts';

const { values: options } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    minutes: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const ticketCount = Number(options.tickets);
const minutes = Number(options.minutes);

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

// The clock the bench reads: a Wednesday noon in London; tickets arrive over the week before.
const now = Date.parse('2026-11-25T12:00:00Z');
const spanMs = 7 * 24 * 3600 * 1000;

function generate(count: number, offset: number, customers: User[], agents: User[]): ImportedTicket[] {
  const next = random(offset + 1);
  const pick = <Item>(items: readonly Item[]) => items[Math.floor(next() * items.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const created = now - spanMs + Math.floor(((offset + index + next()) / ticketCount) * spanMs);
    const requester = pick(customers);
    const answered = next() < 0.5;
    return {
      kind: next() < 0.5 ? 'incident' : 'service_request',
      subject: `SLA bench ticket #${offset + index}`,
      description: 'Generated for the SLA benchmark.',
      status: answered ? 'open' : pick(['new', 'open', 'pending'] as const),
      priority: pick(['P1', 'P2', 'P3', 'P4'] as const),
      requesterId: requester.id,
      organisationId: requester.organisationId,
      assigneeId: null,
      channel: 'portal',
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(created + 60_000).toISOString(),
      messages: answered
        ? [
            {
              authorId: pick(agents).id,
              body: 'Looking into it.',
              internal: false,
              createdAt: new Date(created + 60_000).toISOString(),
            },
          ]
        : [],
    };
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-sla-'));
  if (!options.keep) tempDirs.add(dataDir);
  const core = createCore(loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' }), {
    log: pino({ level: 'silent' }),
  });
  await migrateToLatest(core.db);
  await seedDemoSla(core);
  const customers: User[] = [];
  const agents: User[] = [];
  for (let index = 0; index < 50; index++) {
    customers.push(
      await createUser(core, systemActor, {
        email: `c${index}@bench.example`,
        name: `Customer ${index}`,
        role: 'customer',
      }),
    );
  }
  for (let index = 0; index < 10; index++) {
    agents.push(
      await createUser(core, systemActor, { email: `a${index}@bench.example`, name: `Agent ${index}`, role: 'agent' }),
    );
  }
  note(`loading ${ticketCount} open tickets`);
  const progress = createProgress('loading tickets');
  for (let done = 0; done < ticketCount; done += 1000) {
    const size = Math.min(1000, ticketCount - done);
    await importTickets(core, systemActor, generate(size, done, customers, agents));
    progress(done + size, ticketCount);
  }
  report('open tickets', ticketCount, 'tickets');

  let started = performance.now();
  const recomputed = await recomputeOpenTickets(core, new Date(now));
  const recomputeMs = performance.now() - started;
  report('SLA recompute, all open tickets', recomputeMs / 1000, 's');
  report('SLA recompute per ticket', (recomputeMs * 1000) / recomputed, 'µs');
  started = performance.now();
  await recomputeOpenTickets(core, new Date(now));
  report('SLA recompute per ticket, second pass (upserts)', ((performance.now() - started) * 1000) / recomputed, 'µs');

  started = performance.now();
  const backlog = await checkSlaDeadlines(core, new Date(now));
  report('deadline check, catch-up run', performance.now() - started, 'ms');
  report('deadline check, catch-up crossings', backlog.atRisk + backlog.breached, 'events');
  const timings: number[] = [];
  let crossings = 0;
  for (let minute = 1; minute <= minutes; minute++) {
    started = performance.now();
    const found = await checkSlaDeadlines(core, new Date(now + minute * 60_000));
    timings.push(performance.now() - started);
    crossings += found.atRisk + found.breached;
  }
  report('deadline check per minute', timings.reduce((a, b) => a + b, 0) / timings.length, 'ms');
  report('deadline check per minute, slowest', Math.max(...timings), 'ms');
  report('crossings per minute', crossings / minutes, 'events');
  started = performance.now();
  await checkSlaDeadlines(core, new Date(now + minutes * 60_000));
  report('deadline check with nothing due', performance.now() - started, 'ms');
  await closeCore(core);
  if (options.keep) note(`kept ${dataDir}`);
}

await main();
