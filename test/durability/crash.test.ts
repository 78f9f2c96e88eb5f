import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startServer } from '../e2e/helpers/server.ts';
import type { TestServer } from '../e2e/helpers/server.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-crash-'));
let server: TestServer | undefined;

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Acknowledged {
  kind: 'ticket' | 'reply' | 'article';
  key: string;
  number?: number;
}

/** Sends requests in a loop until told to stop; records every one that got a 2xx. */
function load(url: string, tokens: { customer: string; agent: string }, typeId: string, categoryId: string) {
  const acknowledged: Acknowledged[] = [];
  let running = true;
  let sent = 0;
  const call = (token: string, method: string, route: string, body: unknown, key?: string) =>
    fetch(`${url}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key && { 'idempotency-key': key }),
      },
      body: JSON.stringify(body),
    });
  const worker = async (id: number) => {
    while (running) {
      const key = `w${id}-${sent++}`;
      try {
        const created = await call(
          tokens.customer,
          'POST',
          '/tickets',
          { requestTypeId: typeId, subject: `Crash test ${key}`, description: 'Written while the server is killed.' },
          key,
        );
        if (created.status !== 201) continue;
        const number = ((await created.json()) as { ticket: { number: number } }).ticket.number;
        acknowledged.push({ kind: 'ticket', key, number });
        const reply = await call(tokens.agent, 'POST', `/tickets/${number}/messages`, { body: `Reply to ${key}` });
        if (reply.status === 201) acknowledged.push({ kind: 'reply', key, number });
        if (id === 0) {
          const article = await call(tokens.agent, 'POST', '/articles', {
            title: `Crash article ${key}`,
            categoryId,
            body: `Written under load ${key}.`,
            status: 'published',
            visibility: 'public',
          });
          if (article.status === 201) acknowledged.push({ kind: 'article', key });
        }
      } catch {
        // The server is down for a moment: the request got no 2xx, so it is not counted.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const workers = [0, 1, 2, 3].map(worker);
  return {
    acknowledged,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

describe('SIGKILL under load', () => {
  it('loses no acknowledged write, catches the index up, and leaves the database intact', async () => {
    const port = await freePort();
    server = await startServer({ dataDir, port });
    const environment = { PORTICO_DATA_DIR: dataDir };
    const token = async (role: 'customer' | 'agent') => {
      const { stdout } = await runCli(['token', 'create', '--email', server!.login(role).email], environment);
      return stdout.trim().split('\n').at(-1)!;
    };
    const tokens = { customer: await token('customer'), agent: await token('agent') };
    const types = (await (
      await fetch(`${server.url}/api/v1/request-types`, { headers: { authorization: `Bearer ${tokens.customer}` } })
    ).json()) as {
      requestTypes: { id: string; name: string }[];
    };
    const typeId = types.requestTypes.find((type) => /question/i.test(type.name))!.id;
    // The demo knowledge base's categories are the folders of content/kb; the API takes a slug.
    const categoryId = fs.readdirSync(path.join(import.meta.dirname, '../../content/kb')).sort()[0]!;

    const traffic = load(server.url, tokens, typeId, categoryId);
    for (let crash = 0; crash < 3; crash++) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await server.kill('SIGKILL');
      const db = new BetterSqlite3(path.join(dataDir, 'portico.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      server = await startServer({ dataDir, port });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await traffic.stop();
    const acknowledged = traffic.acknowledged;
    expect(acknowledged.filter((entry) => entry.kind === 'ticket').length).toBeGreaterThan(10);

    const db = new BetterSqlite3(path.join(dataDir, 'portico.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const entry of acknowledged) {
      if (entry.kind === 'ticket') {
        const rows = db.prepare('select number from tickets where subject = ?').all(`Crash test ${entry.key}`);
        // Exactly one: a retried key never opens a second ticket.
        expect(rows, entry.key).toEqual([{ number: entry.number }]);
      } else if (entry.kind === 'reply') {
        const row = db
          .prepare(
            'select count(*) as n from ticket_messages m join tickets t on t.id = m.ticket_id where t.number = ? and m.body = ?',
          )
          .get(entry.number, `Reply to ${entry.key}`) as { n: number };
        expect(row.n, entry.key).toBe(1);
      } else {
        const row = db
          .prepare('select count(*) as n from kb_articles where title = ?')
          .get(`Crash article ${entry.key}`) as {
          n: number;
        };
        expect(row.n, entry.key).toBe(1);
      }
    }
    db.close();

    // The restarted server drains what the crashes left: events, the search index, jobs.
    // What the killed process had claimed waits for its lease to expire (events: a minute, a job: two).
    const deadline = Date.now() + 150_000;
    let pending = { events: -1, index: -1, jobs: -1 };
    while (Date.now() < deadline) {
      const live = new BetterSqlite3(path.join(dataDir, 'portico.db'), { readonly: true });
      pending = {
        events: (
          live.prepare('select count(*) as n from event_outbox where dispatched_at is null').get() as { n: number }
        ).n,
        index: (live.prepare('select count(*) as n from search_outbox').get() as { n: number }).n,
        jobs: (
          live
            .prepare("select count(*) as n from jobs where status = 'queued' and run_at <= ?")
            .get(new Date().toISOString()) as { n: number }
        ).n,
      };
      live.close();
      if (pending.events === 0 && pending.index === 0 && pending.jobs === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(pending).toEqual({ events: 0, index: 0, jobs: 0 });
    const articles = acknowledged.filter((entry) => entry.kind === 'article');
    for (const article of articles) {
      const found = (await (
        await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(`Crash article ${article.key}`)}`)
      ).json()) as {
        hits: { title: string }[];
      };
      expect(
        found.hits.map((hit) => hit.title),
        article.key,
      ).toContain(`Crash article ${article.key}`);
    }
    const final = new BetterSqlite3(path.join(dataDir, 'portico.db'), { readonly: true });
    const failedJobs = final.prepare("select type, last_error from jobs where status = 'failed'").all();
    expect(failedJobs).toEqual([]);
    final.close();
  }, 300_000);
});
