import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createArticle,
  createCategory,
  getArticle,
  getArticleForEditing,
  listArticles,
  flushArticleViews,
  recordArticleView,
  viewFlushDelayMs,
  relatedArticles,
  updateArticle,
} from '../../../src/core/kb/index.ts';
import type { Article } from '../../../src/core/kb/index.ts';
import type { Actor } from '../../../src/core/users/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { codeOf, createKbWorld, outboxSize, publish, revisionCount } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;

beforeEach(async () => {
  world = await createKbWorld();
});

afterEach(async () => {
  await world.core.close();
});

/** One article of each kind readers must be kept from, all tagged `vpn`, all with "VPN" in the title. */
async function seedMixed() {
  const shown = await publish(world, { title: 'Connect to the VPN', tags: ['vpn'] });
  const internal = await publish(world, { title: 'VPN gateway runbook', tags: ['vpn'], visibility: 'internal' });
  const draft = await publish(world, { title: 'VPN upgrade (draft)', tags: ['vpn'], status: 'draft' });
  const internalDraft = await publish(world, {
    title: 'VPN certificates (internal draft)',
    tags: ['vpn'],
    status: 'draft',
    visibility: 'internal',
  });
  return { shown, hidden: [internal, draft, internalDraft] };
}

const slugsOf = (articles: Article[]) => articles.map((article) => article.slug).sort();

describe('createArticle', () => {
  it('creates a draft as revision 1 by the agent, with the slug made from the title', async () => {
    const { core, agent, general } = world;
    const article = await createArticle(core, agent, {
      title: '  Reset your password ',
      summary: 'When you forgot it.',
      body: '## Steps\n\nOpen the sign-in page.',
      categoryId: general.id,
    });
    expect(article).toMatchObject({
      title: 'Reset your password',
      slug: 'reset-your-password',
      summary: 'When you forgot it.',
      category: { id: general.id, slug: 'general', name: 'General' },
      visibility: 'public',
      status: 'draft',
      authorId: agent.id,
      revision: 1,
      source: 'editor',
      sourcePath: null,
      editedAfterSync: false,
      publishedAt: null,
    });
    expect(article.createdAt).toBeInstanceOf(Date);
  });

  it('caches the rendered html, table of contents and plain text on revision 1', async () => {
    const { core } = world;
    const article = await publish(world, {
      title: 'Set up MFA',
      body: '## Before you start\n\nHave your **phone** ready.',
    });
    const revisions = await core.db
      .selectFrom('kb_revisions')
      .selectAll()
      .where('article_id', '=', article.id)
      .execute();
    expect(revisions).toHaveLength(1);
    const [revision] = revisions;
    expect(revision).toMatchObject({ number: 1, title: 'Set up MFA', source: 'editor', status: 'published' });
    expect(revision!.html).toContain('<strong>phone</strong>');
    expect(revision!.html).toContain('id="before-you-start"');
    expect(JSON.parse(revision!.toc)).toEqual([{ level: 2, id: 'before-you-start', text: 'Before you start' }]);
    expect(revision!.plain_text).toContain('Have your phone ready.');
    expect(revision!.plain_text).not.toContain('**');
  });

  it('makes a generated slug unique with -2, -3…', async () => {
    const first = await publish(world, { title: 'Install Zoom' });
    const second = await publish(world, { title: 'Install Zoom!' });
    const third = await publish(world, { title: 'install zoom' });
    expect([first.slug, second.slug, third.slug]).toEqual(['install-zoom', 'install-zoom-2', 'install-zoom-3']);
  });

  it('refuses an explicit slug another article already has', async () => {
    const { core } = world;
    await publish(world, { title: 'Install Zoom' });
    await expect(publish(world, { title: 'Zoom for Mac', slug: 'install-zoom' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Another article already has that address.',
      details: { fields: { slug: 'Already in use.' } },
    });
    expect((await listArticles(core, systemActor)).total).toBe(1);
  });

  it('normalises tags: trimmed, lower-cased, without duplicates, sorted', async () => {
    const article = await publish(world, {
      title: 'Tagged',
      tags: [' VPN ', 'vpn', 'Remote Access', 'billing', 'Billing'],
    });
    expect(article.tags).toEqual(['billing', 'remote access', 'vpn']);
    const stored = await world.core.db
      .selectFrom('kb_revisions')
      .select('tags')
      .where('article_id', '=', article.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.tags)).toEqual(['billing', 'remote access', 'vpn']);
  });

  it('refuses tags with punctuation and more than twelve tags', async () => {
    await expect(publish(world, { title: 'Bad tag', tags: ['<script>'] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Tags use letters, digits, spaces and hyphens.',
    });
    const thirteen = Array.from({ length: 13 }, (_, index) => `tag-${index}`);
    await expect(publish(world, { title: 'Too many', tags: thirteen })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Use at most 12 tags.',
    });
  });

  it('sets publishedAt when created as published', async () => {
    const article = await publish(world, { title: 'Published at once' });
    expect(article.status).toBe('published');
    expect(article.publishedAt).toBeInstanceOf(Date);
  });

  it('refuses a category that does not exist and a short title', async () => {
    await expect(publish(world, { title: 'Nowhere', categoryId: 'nope' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { categoryId: 'No such category.' } },
    });
    await expect(publish(world, { title: 'ab' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Enter a title of at least 3 characters.',
    });
  });

  it('queues the new article for the search index in the same transaction', async () => {
    const article = await publish(world, { title: 'Queued' });
    const rows = await world.core.db.selectFrom('search_outbox').select('article_id').execute();
    expect(rows).toEqual([{ article_id: article.id }]);
  });

  it('is for agents and admins only', async () => {
    const { core, customer, admin, general } = world;
    expect(await codeOf(createArticle(core, customer, { title: 'From a customer', categoryId: general.id }))).toBe(
      'forbidden',
    );
    expect(await codeOf(createArticle(core, null, { title: 'From a visitor', categoryId: general.id }))).toBe(
      'unauthenticated',
    );
    expect(await publish(world, { title: 'From an admin' }, admin)).toMatchObject({ authorId: admin.id });
    expect(await createArticle(core, systemActor, { title: 'From Portico', categoryId: general.id })).toMatchObject({
      authorId: null,
    });
    expect(await outboxSize(core)).toBe(2);
  });
});

describe('listArticles', () => {
  it('never gives anonymous readers or customers internal articles or drafts, by any filter', async () => {
    const { core, customer } = world;
    const { shown } = await seedMixed();
    for (const actor of [null, customer] satisfies (Actor | null)[]) {
      for (const filter of [
        {},
        { category: 'general' },
        { category: world.general.id },
        { tag: 'vpn' },
        { query: 'vpn' },
      ]) {
        const { articles, total } = await listArticles(core, actor, filter);
        expect(slugsOf(articles), JSON.stringify({ actor: actor?.role ?? 'anonymous', filter })).toEqual([shown.slug]);
        expect(total).toBe(1);
      }
      // Asking for them explicitly does not help either.
      expect((await listArticles(core, actor, { visibility: 'internal' })).total).toBe(0);
      expect((await listArticles(core, actor, { status: 'draft' })).total).toBe(0);
    }
  });

  it('gives agents and admins every article, internal ones and drafts included', async () => {
    const { core, agent, admin } = world;
    const { shown, hidden } = await seedMixed();
    const everything = slugsOf([shown, ...hidden]);
    for (const actor of [agent, admin]) {
      for (const filter of [{}, { category: 'general' }, { tag: 'vpn' }, { query: 'VPN' }]) {
        const { articles, total } = await listArticles(core, actor, filter);
        expect(slugsOf(articles)).toEqual(everything);
        expect(total).toBe(4);
      }
    }
    expect(slugsOf((await listArticles(core, agent, { status: 'draft' })).articles)).toEqual(slugsOf(hidden.slice(1)));
    expect(slugsOf((await listArticles(core, agent, { visibility: 'internal' })).articles)).toEqual(
      slugsOf([hidden[0]!, hidden[2]!]),
    );
  });

  it('filters by category slug and by tag', async () => {
    const { core, admin } = world;
    const billing = await createCategory(core, admin, { name: 'Billing' });
    const invoice = await publish(world, { title: 'Download an invoice', categoryId: billing.id, tags: ['invoice'] });
    await publish(world, { title: 'Connect to the VPN', tags: ['vpn'] });
    expect(slugsOf((await listArticles(core, null, { category: 'billing' })).articles)).toEqual([invoice.slug]);
    expect(slugsOf((await listArticles(core, null, { tag: 'invoice' })).articles)).toEqual([invoice.slug]);
    expect((await listArticles(core, null, { tag: 'nothing' })).total).toBe(0);
    expect((await listArticles(core, null, { category: 'nothing' })).total).toBe(0);
  });

  it('matches the query against titles, case-insensitively, with % and _ taken literally', async () => {
    const { core } = world;
    const percent = await publish(world, { title: 'Get 100% of your refund' });
    await publish(world, { title: 'Get 1000 points' });
    const underscore = await publish(world, { title: 'Rename my_file safely' });
    await publish(world, { title: 'Rename myXfile' });
    expect(slugsOf((await listArticles(core, null, { query: '100%' })).articles)).toEqual([percent.slug]);
    expect(slugsOf((await listArticles(core, null, { query: 'MY_FILE' })).articles)).toEqual([underscore.slug]);
    expect((await listArticles(core, null, { query: 'get' })).total).toBe(2);
  });

  it('pages with limit and offset and still counts them all', async () => {
    const { core } = world;
    for (let index = 1; index <= 5; index++)
      await publish(world, { title: `Article number ${index}`, position: index });
    const first = await listArticles(core, null, { limit: 2 });
    const second = await listArticles(core, null, { limit: 2, offset: 2 });
    const last = await listArticles(core, null, { limit: 2, offset: 4 });
    expect(first.total).toBe(5);
    expect(first.articles.map((article) => article.title)).toEqual(['Article number 1', 'Article number 2']);
    expect(second.articles.map((article) => article.title)).toEqual(['Article number 3', 'Article number 4']);
    expect(last.articles.map((article) => article.title)).toEqual(['Article number 5']);
  });

  it('sorts the most viewed first when asked for popular articles', async () => {
    const { core } = world;
    const quiet = await publish(world, { title: 'Quiet article' });
    const busy = await publish(world, { title: 'Busy article' });
    for (let view = 0; view < 3; view++) recordArticleView(core, busy.id);
    recordArticleView(core, quiet.id);
    await flushArticleViews(core);
    const { articles } = await listArticles(core, null, { sort: 'popular' });
    expect(articles.map((article) => [article.slug, article.viewCount])).toEqual([
      [busy.slug, 3],
      [quiet.slug, 1],
    ]);
  });

  it('refuses a limit above 200', async () => {
    expect(await codeOf(listArticles(world.core, null, { limit: 201 }))).toBe('invalid_input');
  });
});

describe('getArticle', () => {
  it('gives a published public article to anyone, with its cached rendering and tags', async () => {
    const { core, customer } = world;
    const created = await publish(world, {
      title: 'Connect to the VPN',
      tags: ['vpn'],
      body: '## Steps\n\nOpen *GlobalProtect*.',
    });
    for (const actor of [null, customer]) {
      const article = await getArticle(core, actor, created.slug);
      expect(article).toMatchObject({ id: created.id, tags: ['vpn'], toc: [{ level: 2, id: 'steps', text: 'Steps' }] });
      expect(article!.html).toContain('<em>GlobalProtect</em>');
    }
  });

  it('gives anonymous readers and customers nothing for internal articles and drafts, and staff everything', async () => {
    const { core, customer, agent, admin } = world;
    const { hidden } = await seedMixed();
    for (const article of hidden) {
      expect(await getArticle(core, null, article.slug)).toBeUndefined();
      expect(await getArticle(core, customer, article.slug)).toBeUndefined();
      expect(await getArticle(core, agent, article.slug)).toMatchObject({ id: article.id });
      expect(await getArticle(core, admin, article.slug)).toMatchObject({ id: article.id });
    }
  });

  it('gives undefined for an unknown slug', async () => {
    expect(await getArticle(world.core, world.agent, 'no-such-article')).toBeUndefined();
  });

  it('shows the rendering of the current revision after an update', async () => {
    const { core, agent } = world;
    const created = await publish(world, { title: 'Changing', body: 'first version' });
    await updateArticle(core, agent, created.id, { body: 'second **version**' });
    const article = await getArticle(core, null, created.slug);
    expect(article!.revision).toBe(2);
    expect(article!.html).toContain('<strong>version</strong>');
    expect(article!.html).not.toContain('first');
  });
});

describe('getArticleForEditing', () => {
  it('gives staff any article by id, drafts included', async () => {
    const { core, agent } = world;
    const draft = await publish(world, {
      title: 'Internal draft',
      status: 'draft',
      visibility: 'internal',
      body: 'text',
    });
    expect(await getArticleForEditing(core, agent, draft.id)).toMatchObject({ id: draft.id, html: '<p>text</p>\n' });
    expect(await getArticleForEditing(core, agent, 'nope')).toBeUndefined();
  });

  it('is for agents and admins only', async () => {
    const { core, customer } = world;
    const article = await publish(world, { title: 'Public' });
    expect(await codeOf(getArticleForEditing(core, customer, article.id))).toBe('forbidden');
    expect(await codeOf(getArticleForEditing(core, null, article.id))).toBe('unauthenticated');
  });
});

describe('updateArticle', () => {
  it('saves a change as the next revision, by the editing agent', async () => {
    const { core, agent, admin } = world;
    const created = await publish(world, { title: 'Install Zoom', body: 'Old steps' });
    const updated = await updateArticle(core, admin, created.id, { body: 'New steps', tags: ['Zoom', 'video'] });
    expect(updated).toMatchObject({ revision: 2, body: 'New steps', tags: ['video', 'zoom'], authorId: agent.id });
    const revision = await core.db
      .selectFrom('kb_revisions')
      .selectAll()
      .where('article_id', '=', created.id)
      .where('number', '=', 2)
      .executeTakeFirstOrThrow();
    expect(revision).toMatchObject({ author_id: admin.id, body: 'New steps', source: 'editor' });
    expect(revision.html).toContain('New steps');
  });

  it('makes no revision when nothing changed', async () => {
    const { core, agent } = world;
    const created = await publish(world, { title: 'Install Zoom', body: 'Steps', tags: ['zoom'] });
    const same = await updateArticle(core, agent, created.id, {
      title: ' Install Zoom ',
      body: 'Steps',
      tags: ['ZOOM'],
      status: 'published',
    });
    expect(same.revision).toBe(1);
    expect(same.updatedAt).toEqual(created.updatedAt);
    expect(await updateArticle(core, agent, created.id, {})).toMatchObject({ revision: 1 });
    expect(await revisionCount(core, created.id)).toBe(1);
    expect(await outboxSize(core)).toBe(1);
  });

  it('refuses a save based on an older revision with the current revision in the details', async () => {
    const { core, agent, admin } = world;
    const created = await publish(world, { title: 'Install Zoom' });
    await updateArticle(core, admin, created.id, { body: 'Admin was here', expectedRevision: 1 });
    await expect(
      updateArticle(core, agent, created.id, { body: 'Agent was here', expectedRevision: 1 }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'Someone saved this article after you opened it.',
      hint: 'Open it again to see their change, then make yours.',
      details: { currentRevision: 2 },
    });
    expect((await getArticle(core, agent, created.slug))!.body).toBe('Admin was here');
  });

  it('answers conflict, not a database error, when two saves based on the same revision happen at once', async () => {
    const { core, agent, admin } = world;
    const created = await publish(world, { title: 'Two editors at once' });
    const results = await Promise.allSettled([
      updateArticle(core, agent, created.id, { body: 'First', expectedRevision: 1 }),
      updateArticle(core, admin, created.id, { body: 'Second', expectedRevision: 1 }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
  });

  it('answers not_found for an unknown article', async () => {
    expect(await codeOf(updateArticle(world.core, world.agent, 'nope', { title: 'Ghost' }))).toBe('not_found');
  });

  it('sets publishedAt on first publication and keeps it through unpublishing and republishing', async () => {
    const { core, agent } = world;
    const draft = await createArticle(core, agent, { title: 'Draft first', categoryId: world.general.id });
    expect(draft.publishedAt).toBeNull();
    const published = await updateArticle(core, agent, draft.id, { status: 'published' });
    expect(published.publishedAt).toBeInstanceOf(Date);
    const unpublished = await updateArticle(core, agent, draft.id, { status: 'draft' });
    expect(unpublished.status).toBe('draft');
    const again = await updateArticle(core, agent, draft.id, { status: 'published' });
    expect(again.publishedAt).toEqual(published.publishedAt);
    expect(again.revision).toBe(4);
  });

  it('changes the slug, refusing one another article has', async () => {
    const { core, agent } = world;
    const zoom = await publish(world, { title: 'Install Zoom' });
    await publish(world, { title: 'Install Slack' });
    expect(await updateArticle(core, agent, zoom.id, { slug: 'zoom-setup' })).toMatchObject({ slug: 'zoom-setup' });
    await expect(updateArticle(core, agent, zoom.id, { slug: 'install-slack' })).rejects.toMatchObject({
      code: 'conflict',
      details: { fields: { slug: 'Already in use.' } },
    });
  });

  it('refuses an unknown category and fields it does not know', async () => {
    const { core, agent } = world;
    const article = await publish(world, { title: 'Install Zoom' });
    expect(await codeOf(updateArticle(core, agent, article.id, { categoryId: 'nope' }))).toBe('invalid_input');
    expect(await codeOf(updateArticle(core, agent, article.id, { views: 5 } as never))).toBe('invalid_input');
  });

  it('is for agents and admins only', async () => {
    const { core, customer } = world;
    const article = await publish(world, { title: 'Install Zoom' });
    expect(await codeOf(updateArticle(core, customer, article.id, { title: 'Hacked' }))).toBe('forbidden');
    expect(await codeOf(updateArticle(core, null, article.id, { title: 'Hacked' }))).toBe('unauthenticated');
    expect(await revisionCount(world.core, article.id)).toBe(1);
  });
});

describe('recordArticleView', () => {
  it('counts each view, written together when flushed', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Viewed' });
    recordArticleView(core, article.id);
    recordArticleView(core, article.id);
    expect((await getArticle(core, null, article.slug))!.viewCount).toBe(0);
    await flushArticleViews(core);
    expect((await getArticle(core, null, article.slug))!.viewCount).toBe(2);
    await flushArticleViews(core);
    expect((await getArticle(core, null, article.slug))!.viewCount).toBe(2);
  });

  it('writes the views by itself within a second', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Viewed later' });
    recordArticleView(core, article.id);
    await new Promise((resolve) => setTimeout(resolve, viewFlushDelayMs + 300));
    expect((await getArticle(core, null, article.slug))!.viewCount).toBe(1);
  });
});

describe('relatedArticles', () => {
  it('prefers articles sharing more tags, then the same category', async () => {
    const { core, admin } = world;
    const other = await createCategory(core, admin, { name: 'Other' });
    const article = await publish(world, { title: 'Connect to the VPN', tags: ['network', 'remote', 'vpn'] });
    const twoTags = await publish(world, { title: 'VPN drops', tags: ['remote', 'vpn'], categoryId: other.id });
    const sameCategory = await publish(world, { title: 'Printer setup', tags: ['printer'] });
    const oneTag = await publish(world, { title: 'Slow network', tags: ['network'], categoryId: other.id });
    await publish(world, { title: 'Unrelated', tags: ['billing'], categoryId: other.id });
    const related = await relatedArticles(core, null, article);
    expect(related.map((entry) => entry.slug)).toEqual([twoTags.slug, oneTag.slug, sameCategory.slug]);
    expect(await relatedArticles(core, null, article, 1)).toMatchObject([
      { slug: twoTags.slug, tags: ['remote', 'vpn'] },
    ]);
  });

  it('never suggests internal articles or drafts to anonymous readers or customers, and does to staff', async () => {
    const { core, customer, agent } = world;
    const { shown, hidden } = await seedMixed();
    expect(await relatedArticles(core, null, shown)).toEqual([]);
    expect(await relatedArticles(core, customer, shown)).toEqual([]);
    expect(slugsOf(await relatedArticles(core, agent, shown))).toEqual(slugsOf(hidden));
  });
});
