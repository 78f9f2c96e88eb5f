/**
 * The reports at a million tickets: loads the report facts and open spans of 1,000,000 tickets spread
 * over two years straight into a SQLite file (bulk inserts, 10,000 rows per transaction — the facts are
 * what the reports read, so the tickets themselves are not needed), then times each report over a
 * 90-day window: the overview (every KPI, the previous period and the daily series), the breakdown by
 * each dimension, a CSV export, and the overview of a 90-day window a year back.
 *
 * Run: node test/bench/reports.ts [--tickets 1000000] [--runs 3] [--keep]
 * Prints one `name: value unit` line per figure on stdout (query times are the median of the runs);
 * progress goes to stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { createProgress } from '../../src/cli/progress.ts';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import { connectDatabase, migrateToLatest } from '../../src/core/db/index.ts';
import { dimensions, reportBreakdown, reportCsv, reportOverview } from '../../src/core/reports/index.ts';
import { systemActor } from '../../src/core/users/index.ts';
import { note, percentile, report, tempDirs } from './harness.ts';

const { values: options } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const ticketCount = Number(options.tickets);
const runs = Number(options.runs);

/** A small deterministic generator, so every run loads the same facts. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const minute = 60_000;
const day = 1_440 * minute;
const now = Date.parse('2026-11-24T12:00:00.000Z');
const span = 2 * 365 * day;
const iso = (ms: number) => new Date(ms).toISOString();

function load(file: string): void {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  // The facts stand alone in this bench: no ticket rows behind them.
  db.pragma('foreign_keys = OFF');
  const insertFact = db.prepare(`insert into report_ticket_facts (ticket_id, created_at, done_at, group_id,
    assignee_id, request_type_id, priority, kind, first_responded_at, first_response_minutes, first_response_due,
    first_response_met, resolution_minutes, resolution_due, resolution_paused, resolution_met, agent_replies,
    reopen_count, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertSpan = db.prepare(
    'insert into report_open_spans (ticket_id, seq, opened_at, closed_at) values (?, ?, ?, ?)',
  );
  const next = random(7);
  const pick = <Item>(items: readonly Item[]) => items[Math.floor(next() * items.length)]!;
  const groups = Array.from({ length: 8 }, (_, index) => `group-${index}`);
  const agents = Array.from({ length: 40 }, (_, index) => `agent-${index}`);
  const types = Array.from({ length: 20 }, (_, index) => `type-${index}`);
  const priorities = ['P1', 'P2', 'P3', 'P4'];
  const kinds = ['incident', 'service_request', 'problem', 'change'];
  const progress = createProgress('loading report facts');
  const batch = 10_000;
  const insertBatch = db.transaction((start: number, size: number) => {
    for (let index = start; index < start + size; index++) {
      const created = now - span + Math.floor(((index + next()) / ticketCount) * span);
      const recent = now - created < 14 * day;
      const done = next() < (recent ? 0.6 : 0.98) ? created + Math.floor(next() ** 3 * 10 * day) + minute : null;
      const doneAt = done !== null && done < now ? done : null;
      const responded = next() < 0.9 ? created + Math.floor(next() ** 2 * 600 * minute) + minute : null;
      const respondedAt = responded !== null && responded < now ? responded : null;
      const hasSla = next() < 0.7;
      const frDue = hasSla ? created + 240 * minute : null;
      const resDue = hasSla ? created + 3 * day : null;
      const reopened = doneAt !== null && next() < 0.05;
      const id = `t${String(index).padStart(8, '0')}`;
      insertFact.run(
        id,
        iso(created),
        doneAt === null ? null : iso(doneAt),
        pick(groups),
        next() < 0.9 ? pick(agents) : null,
        pick(types),
        pick(priorities),
        pick(kinds),
        respondedAt === null ? null : iso(respondedAt),
        respondedAt === null ? null : (respondedAt - created) / minute / 3,
        frDue === null ? null : iso(frDue),
        frDue === null || respondedAt === null ? null : respondedAt <= frDue ? 1 : 0,
        doneAt === null ? null : (doneAt - created) / minute / 3,
        resDue === null ? null : iso(resDue),
        0,
        resDue === null || doneAt === null ? null : doneAt <= resDue ? 1 : 0,
        1 + Math.floor(next() * 3),
        reopened ? 1 : 0,
        iso(now),
      );
      if (reopened) {
        const firstClose = created + Math.floor((doneAt - created) / 3);
        const reopenAt = created + Math.floor(((doneAt - created) * 2) / 3);
        insertSpan.run(id, 0, iso(created), iso(firstClose));
        insertSpan.run(id, 1, iso(reopenAt), iso(doneAt));
      } else {
        insertSpan.run(id, 0, iso(created), doneAt === null ? null : iso(doneAt));
      }
    }
  });
  for (let done = 0; done < ticketCount; done += batch) {
    insertBatch(done, Math.min(batch, ticketCount - done));
    progress(Math.min(done + batch, ticketCount), ticketCount);
  }
  db.exec('analyze');
  db.close();
}

async function time(name: string, work: () => Promise<unknown>): Promise<void> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  report(name, percentile(samples, 0.5), 'ms');
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-reports-'));
  if (!options.keep) tempDirs.add(dataDir);
  const file = path.join(dataDir, 'portico.db');
  const migrating = connectDatabase({ dialect: 'sqlite', file });
  await migrateToLatest(migrating);
  await migrating.destroy();

  note(`loading ${ticketCount} tickets' facts into ${file}`);
  const started = performance.now();
  load(file);
  const loadMs = performance.now() - started;
  report('reports.load.tickets', ticketCount, 'tickets');
  report('reports.load.time', loadMs / 1000, 's');
  report('reports.load.rate', Math.round(ticketCount / (loadMs / 1000)), 'tickets/s');

  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' });
  const core = createCore(config, { db: connectDatabase({ dialect: 'sqlite', file }), log: pino({ level: 'silent' }) });
  try {
    const period = {
      from: new Date(Date.parse('2026-11-25T00:00:00Z') - 90 * day),
      to: new Date('2026-11-25T00:00:00Z'),
    };
    const yearBack = {
      from: new Date(period.from.getTime() - 365 * day),
      to: new Date(period.to.getTime() - 365 * day),
    };
    const at = new Date(now);
    const overview = await reportOverview(core, systemActor, period, { now: at });
    note(`90-day window: ${overview.kpis.find((kpi) => kpi.id === 'created')?.value} tickets created`);
    await time('reports.overview.90d', () => reportOverview(core, systemActor, period, { now: at }));
    for (const dimension of dimensions) {
      await time(`reports.breakdown.${dimension}.90d`, () =>
        reportBreakdown(core, systemActor, period, dimension, { now: at }),
      );
    }
    await time('reports.csv.daily.90d', () => reportCsv(core, systemActor, { table: 'daily', period, now: at }));
    await time('reports.overview.90d-a-year-back', () => reportOverview(core, systemActor, yearBack, { now: at }));
    await time('reports.digest-overview.one-group.90d', () =>
      reportOverview(core, systemActor, period, {
        now: at,
        filter: { dimension: 'group', value: 'group-3' },
        series: false,
      }),
    );
    report('reports.database.size', Math.round(fs.statSync(file).size / 1024 / 1024), 'MiB');
  } finally {
    await closeCore(core);
  }
}

await main();
