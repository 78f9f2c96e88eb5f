import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  listReviewTasks,
  listStaleArticles,
  markArticleReviewed,
  resolveReviewTask,
  voteOnArticle,
} from '../../../src/core/kb/index.ts';
import type { Article } from '../../../src/core/kb/index.ts';
import { codeOf, createKbWorld, publish } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;
let owned: Article;
let other: Article;

beforeEach(async () => {
  world = await createKbWorld();
  owned = await publish(world, { title: 'Reset your password', ownerId: world.agent.id });
  other = await publish(world, { title: 'Set up the VPN', ownerId: world.admin.id });
});

afterEach(async () => {
  await world.core.close();
});

function vote(token: string, slug: string, helpful: boolean, comment?: string) {
  return voteOnArticle(world.core, null, { readerToken: token }, slug, { helpful, comment: comment ?? null });
}

async function setTimes(articleId: string, values: { created_at?: string; reviewed_at?: string | null }) {
  await world.core.db.updateTable('kb_articles').set(values).where('id', '=', articleId).execute();
}

describe('listReviewTasks', () => {
  it('turns not-helpful votes with a comment into tasks, newest first, with the article and owner', async () => {
    await vote('reader-one-token', owned.slug, false, 'The link is dead');
    await vote('reader-two-token', owned.slug, false);
    await vote('reader-three-token', other.slug, true, 'Great, thanks');
    await vote('reader-four-token', other.slug, false, 'Missing macOS steps');
    const tasks = await listReviewTasks(world.core, world.agent);
    expect(tasks.map((task) => task.comment)).toEqual(['Missing macOS steps', 'The link is dead']);
    expect(tasks[1]!.article).toEqual({
      id: owned.id,
      slug: owned.slug,
      title: 'Reset your password',
      categorySlug: world.general.slug,
      ownerId: world.agent.id,
      ownerName: 'Alex Agent',
    });
    expect(tasks[1]!.voter).toMatch(/^reader:/);
  });

  it('keeps only the tasks on articles the actor owns when asked for "mine"', async () => {
    await vote('reader-one-token', owned.slug, false, 'The link is dead');
    await vote('reader-two-token', other.slug, false, 'Missing macOS steps');
    const mine = await listReviewTasks(world.core, world.agent, { mine: true });
    expect(mine.map((task) => task.article.id)).toEqual([owned.id]);
    const admins = await listReviewTasks(world.core, world.admin, { mine: true });
    expect(admins.map((task) => task.article.id)).toEqual([other.id]);
  });

  it('refuses customers and visitors', async () => {
    expect(await codeOf(listReviewTasks(world.core, world.customer))).toBe('forbidden');
    expect(await codeOf(listReviewTasks(world.core, null))).toBe('unauthenticated');
  });
});

describe('resolveReviewTask', () => {
  it('resolves an open task once; a second time is not found', async () => {
    await vote('reader-one-token', owned.slug, false, 'The link is dead');
    const [task] = await listReviewTasks(world.core, world.agent);
    await resolveReviewTask(world.core, world.admin, owned.id, task!.voter);
    expect(await listReviewTasks(world.core, world.agent)).toEqual([]);
    expect(await codeOf(resolveReviewTask(world.core, world.admin, owned.id, task!.voter))).toBe('not_found');
  });

  it('reopens a task when the reader votes again', async () => {
    await vote('reader-one-token', owned.slug, false, 'The link is dead');
    const [task] = await listReviewTasks(world.core, world.agent);
    await resolveReviewTask(world.core, world.agent, owned.id, task!.voter);
    await vote('reader-one-token', owned.slug, false, 'Still dead');
    expect((await listReviewTasks(world.core, world.agent)).map((t) => t.comment)).toEqual(['Still dead']);
  });

  it('does not resolve a helpful vote or one without a comment, and refuses customers', async () => {
    await vote('reader-one-token', owned.slug, true, 'Thanks');
    const [row] = await world.core.db.selectFrom('kb_votes').select('voter').execute();
    expect(await codeOf(resolveReviewTask(world.core, world.agent, owned.id, row!.voter))).toBe('not_found');
    await vote('reader-two-token', owned.slug, false, 'Wrong');
    const [task] = await listReviewTasks(world.core, world.agent);
    expect(await codeOf(resolveReviewTask(world.core, world.customer, owned.id, task!.voter))).toBe('forbidden');
    expect(await listReviewTasks(world.core, world.agent)).toHaveLength(1);
  });
});

describe('markArticleReviewed', () => {
  it('sets the review time, so the article is no longer stale for want of a review', async () => {
    await setTimes(owned.id, { created_at: '2020-01-01T00:00:00.000Z', reviewed_at: null });
    expect((await listStaleArticles(world.core, world.agent)).map((a) => a.id)).toEqual([owned.id]);
    await markArticleReviewed(world.core, world.agent, owned.id);
    expect(await listStaleArticles(world.core, world.agent)).toEqual([]);
  });

  it('answers not found for an unknown article and refuses customers', async () => {
    expect(await codeOf(markArticleReviewed(world.core, world.agent, 'nope'))).toBe('not_found');
    expect(await codeOf(markArticleReviewed(world.core, world.customer, owned.id))).toBe('forbidden');
  });
});

describe('listStaleArticles', () => {
  it('flags articles not reviewed within the period, counting from creation when never reviewed', async () => {
    await setTimes(owned.id, { created_at: '2020-01-01T00:00:00.000Z', reviewed_at: null });
    await setTimes(other.id, { created_at: '2020-01-01T00:00:00.000Z', reviewed_at: new Date().toISOString() });
    const stale = await listStaleArticles(world.core, world.agent);
    expect(stale).toMatchObject([{ id: owned.id, reasons: ['not_reviewed'], reviewedAt: null }]);
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
    await setTimes(other.id, { reviewed_at: old });
    expect((await listStaleArticles(world.core, world.agent, { reviewAfterDays: 30 })).map((a) => a.id)).toEqual([
      owned.id,
      other.id,
    ]);
  });

  it('flags often-viewed, poorly rated articles with at least three votes', async () => {
    await world.core.db
      .updateTable('kb_articles')
      .set({ view_count: 25, helpful_count: 1, not_helpful_count: 2 })
      .where('id', '=', owned.id)
      .execute();
    // Rated badly but by two voters only.
    await world.core.db
      .updateTable('kb_articles')
      .set({ view_count: 100, helpful_count: 0, not_helpful_count: 2 })
      .where('id', '=', other.id)
      .execute();
    const stale = await listStaleArticles(world.core, world.agent);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ id: owned.id, reasons: ['poorly_rated'], viewCount: 25 });
    expect(stale[0]!.helpfulRatio).toBeCloseTo(1 / 3);
    expect(await listStaleArticles(world.core, world.agent, { minViews: 30 })).toEqual([]);
    expect(await listStaleArticles(world.core, world.agent, { maxHelpfulRatio: 0.3 })).toEqual([]);
  });

  it('names both reasons, and ignores drafts', async () => {
    await setTimes(owned.id, { created_at: '2020-01-01T00:00:00.000Z', reviewed_at: null });
    await world.core.db
      .updateTable('kb_articles')
      .set({ view_count: 50, helpful_count: 0, not_helpful_count: 3 })
      .where('id', '=', owned.id)
      .execute();
    const draft = await publish(world, { title: 'Draft', status: 'draft' });
    await setTimes(draft.id, { created_at: '2020-01-01T00:00:00.000Z', reviewed_at: null });
    expect(await listStaleArticles(world.core, world.admin)).toMatchObject([
      { id: owned.id, reasons: ['not_reviewed', 'poorly_rated'] },
    ]);
  });

  it('refuses customers', async () => {
    expect(await codeOf(listStaleArticles(world.core, world.customer))).toBe('forbidden');
  });
});
