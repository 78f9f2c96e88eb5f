import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTableColumns, nowStored } from '../../../src/core/db/index.ts';
import {
  createCategory,
  flushArticleViews,
  recordArticleView,
  updateArticle,
  updateCategory,
} from '../../../src/core/kb/index.ts';
import { publicContentVersion } from '../../../src/core/public-content/index.ts';
import { updateSettings } from '../../../src/core/settings/index.ts';
import { createKbWorld, publish } from '../kb/fixtures.ts';
import type { KbWorld } from '../kb/fixtures.ts';
import { addUser } from '../support.ts';

let world: KbWorld;

beforeEach(async () => {
  world = await createKbWorld();
});

afterEach(async () => {
  await world.core.close();
});

/** Whether the version moved while `write` ran. */
async function moves(write: () => Promise<unknown>): Promise<boolean> {
  const before = await publicContentVersion(world.core);
  await write();
  return (await publicContentVersion(world.core)) !== before;
}

describe('publicContentVersion', () => {
  it('is set from the start', async () => {
    expect(await publicContentVersion(world.core)).toMatch(/^\d+$/);
  });

  it('moves with every change to articles, their revisions and tags, and categories', async () => {
    let articleId = '';
    expect(
      await moves(async () => {
        articleId = (await publish(world, { title: 'Reset your password', body: 'Use the link.', tags: ['login'] })).id;
      }),
    ).toBe(true);
    expect(await moves(() => updateArticle(world.core, world.agent, articleId, { visibility: 'internal' }))).toBe(true);
    expect(await moves(() => updateArticle(world.core, world.agent, articleId, { body: 'A new body.' }))).toBe(true);
    expect(await moves(() => world.core.db.deleteFrom('kb_article_tags').execute())).toBe(true);
    expect(await moves(() => createCategory(world.core, world.admin, { name: 'Hardware' }))).toBe(true);
    expect(await moves(() => updateCategory(world.core, world.admin, world.general.id, { name: 'Everything' }))).toBe(
      true,
    );
  });

  it('moves when any column of an article but its view count is written (views trail by a kept page)', async () => {
    const article = await publish(world, { title: 'Printers', body: 'Turn it off and on.' });
    const columns = [...((await listTableColumns(world.core.db)).get('kb_articles') ?? [])].map(
      (column) => column.split(':')[0]!,
    );
    expect(columns).toContain('title');
    for (const column of columns.filter((name) => name !== 'view_count')) {
      const write = () => sql`update kb_articles set ${sql.ref(column)} = ${sql.ref(column)}`.execute(world.core.db);
      expect(await moves(write), column).toBe(true);
    }
    recordArticleView(world.core, article.id);
    expect(await moves(() => flushArticleViews(world.core))).toBe(false);
    expect(
      (await world.core.db.selectFrom('kb_articles').select('view_count').executeTakeFirstOrThrow()).view_count,
    ).toBe(1);
  });

  it('moves with the portal settings and with a plugin turned on or off, whoever writes them', async () => {
    expect(await moves(() => updateSettings(world.core, world.admin, { organisationName: 'Northwind' }))).toBe(true);
    const now = nowStored();
    expect(
      await moves(() =>
        world.core.db
          .insertInto('plugin_installations')
          .values({
            id: 'csat',
            version: '1.0.0',
            state: 'enabled',
            settings: '{}',
            secrets: '{}',
            error: null,
            consecutive_failures: 0,
            installed_at: now,
            updated_at: now,
          })
          .execute(),
      ),
    ).toBe(true);
    expect(await moves(() => sql`update plugin_installations set state = 'paused'`.execute(world.core.db))).toBe(true);
    expect(await moves(() => sql`delete from plugin_installations`.execute(world.core.db))).toBe(true);
  });

  it('moves only when the transaction commits', async () => {
    const before = await publicContentVersion(world.core);
    await expect(
      world.core.db.transaction().execute(async (trx) => {
        await trx.updateTable('kb_categories').set({ name: 'Renamed' }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await publicContentVersion(world.core)).toBe(before);
  });

  it('stays put for writes anonymous readers are not shown (accounts, tickets, searches)', async () => {
    expect(
      await moves(async () => {
        await addUser(world.core, { email: 'new@example.org', name: 'New Person', role: 'customer' });
        await world.core.db.updateTable('counters').set({ value: 99 }).execute();
      }),
    ).toBe(false);
  });
});
