import { afterEach, describe, expect, it } from 'vitest';
import { authenticateSession } from '../../../src/core/auth/index.ts';
import { createRequestType } from '../../../src/core/catalog/index.ts';
import type { Core } from '../../../src/core/context.ts';
import { enqueueJob } from '../../../src/core/jobs/index.ts';
import { createArticle, createCategory, flushArticleViews, recordArticleView } from '../../../src/core/kb/index.ts';
import {
  createPluginHost,
  disablePlugin,
  installPlugin,
  isPluginEnabled,
  porticoVersion,
} from '../../../src/core/plugins/index.ts';
import { createSession } from '../../../src/core/session/index.ts';
import { createTicket } from '../../../src/core/tickets/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { createSharedCores } from '../../helpers/core.ts';
import good from '../plugins/fixtures/good/index.ts';
import { addUser } from '../support.ts';

let shared: Awaited<ReturnType<typeof createSharedCores>> | undefined;
afterEach(async () => {
  await shared?.close();
  shared = undefined;
});

async function someTickets(core: Core, count: number): Promise<void> {
  const casey = await addUser(core, { email: 'casey@example.org' });
  const type = await createRequestType(core, systemActor, { name: 'Question' });
  for (let index = 0; index < count; index++) {
    await createTicket(core, casey, { requestTypeId: type.id, subject: `Question ${index}`, description: 'Help' });
  }
}

describe('two instances on one database', () => {
  it('deliver each event once, whichever instance drains first', async () => {
    shared = await createSharedCores();
    const [a, b] = shared.cores;
    const seen: string[] = [];
    for (const core of [a, b]) core.events.on('ticket.created', (event) => void seen.push(event.id));
    await someTickets(a, 30);
    await Promise.all([a.events.dispatchPending(), b.events.dispatchPending(), a.events.dispatchPending()]);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('take over the events of an instance that died holding them, once its lease expires', async () => {
    shared = await createSharedCores();
    const [a, b] = shared.cores;
    const seen: string[] = [];
    b.events.on('ticket.created', (event) => void seen.push(event.id));
    await someTickets(a, 2);
    // An instance claimed both events and died: its lease runs until a minute from now.
    await a.db
      .updateTable('event_outbox')
      .set({ locked_until: new Date(Date.now() + 60_000).toISOString(), attempts: 1 })
      .execute();
    expect(await b.events.dispatchPending()).toBe(0);
    await a.db
      .updateTable('event_outbox')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await b.events.dispatchPending()).toBe(2);
    expect(seen).toHaveLength(2);
  });

  it('run a queued job once', async () => {
    shared = await createSharedCores();
    const runs: string[] = [];
    for (const [index, core] of shared.cores.entries()) {
      core.jobs.define<{ n: number }>({
        type: 'test.count',
        run: async (payload) => {
          runs.push(`${index}:${payload.n}`);
        },
      });
    }
    for (let n = 0; n < 20; n++) await enqueueJob(shared.cores[0].db, 'test.count', { n });
    await Promise.all(shared.cores.map((core) => core.jobs.runDue()));
    expect(runs).toHaveLength(20);
    expect(new Set(runs.map((run) => run.split(':')[1])).size).toBe(20);
  });

  it('share plugin state: a plugin disabled on one is disabled on the other at once', async () => {
    const host = () => createPluginHost([{ id: 'good', dir: null, module: { default: good } }], porticoVersion);
    shared = await createSharedCores(host);
    const [a, b] = shared.cores;
    await installPlugin(a, systemActor, 'good');
    expect(await isPluginEnabled(b, 'good')).toBe(true);
    await disablePlugin(b, systemActor, 'good');
    expect(await isPluginEnabled(a, 'good')).toBe(false);
  });

  it('share sessions: a sign-in on one is valid on the other', async () => {
    shared = await createSharedCores();
    const [a, b] = shared.cores;
    const casey = await addUser(a, { email: 'casey@example.org' });
    const { token } = await createSession(a.db, casey.id, { userAgent: null, ip: null });
    expect((await authenticateSession(b, token))?.user.id).toBe(casey.id);
  });

  it('add up article views flushed by both at once, without deadlocking on the rows', async () => {
    shared = await createSharedCores();
    const [a, b] = shared.cores;
    const admin = await addUser(a, { email: 'ada@example.org', role: 'admin' });
    const category = await createCategory(a, admin, { name: 'General' });
    const articles = [];
    for (let index = 0; index < 20; index++) {
      articles.push(
        await createArticle(a, admin, { title: `Article ${index}`, categoryId: category.id, status: 'published' }),
      );
    }
    for (let round = 0; round < 5; round++) {
      // Each instance counts the same articles in the opposite order.
      for (const article of articles) recordArticleView(a, article.id);
      for (const article of [...articles].reverse()) recordArticleView(b, article.id);
      await Promise.all([flushArticleViews(a), flushArticleViews(b)]);
    }
    const rows = await a.db.selectFrom('kb_articles').select('view_count').execute();
    expect(rows.map((row) => row.view_count)).toEqual(articles.map(() => 10));
  });
});
