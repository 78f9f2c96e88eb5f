import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVote, getArticle, voteOnArticle } from '../../../src/core/kb/index.ts';
import type { Article } from '../../../src/core/kb/index.ts';
import { hashToken } from '../../../src/core/session/index.ts';
import { codeOf, createKbWorld, publish } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;
let article: Article;

beforeEach(async () => {
  world = await createKbWorld();
  article = await publish(world, { title: 'Reset your password' });
});

afterEach(async () => {
  await world.core.close();
});

async function counts(slug = article.slug) {
  const shown = await getArticle(world.core, world.agent, slug);
  return { helpful: shown!.helpfulCount, notHelpful: shown!.notHelpfulCount };
}

async function votes() {
  return world.core.db.selectFrom('kb_votes').selectAll().orderBy('voter').execute();
}

describe('voteOnArticle', () => {
  it('keeps one vote per reader per article: a second vote replaces the first', async () => {
    const { core, customer } = world;
    const voter = { userId: customer.id };
    await voteOnArticle(core, customer, voter, article.slug, { helpful: true });
    expect(await counts()).toEqual({ helpful: 1, notHelpful: 0 });
    await voteOnArticle(core, customer, voter, article.slug, { helpful: false, comment: 'The link is dead' });
    expect(await counts()).toEqual({ helpful: 0, notHelpful: 1 });
    await voteOnArticle(core, customer, voter, article.slug, { helpful: false });
    expect(await counts()).toEqual({ helpful: 0, notHelpful: 1 });
    expect(await votes()).toMatchObject([
      { voter: `user:${customer.id}`, helpful: 0, comment: null, resolved_at: null },
    ]);
  });

  it('counts different readers separately and keeps the counts equal to the stored votes', async () => {
    const { core, customer, agent } = world;
    await voteOnArticle(core, customer, { userId: customer.id }, article.slug, { helpful: true });
    await voteOnArticle(core, agent, { userId: agent.id }, article.slug, { helpful: true });
    await voteOnArticle(core, null, { readerToken: 'reader-one-token' }, article.slug, { helpful: false });
    await voteOnArticle(core, null, { readerToken: 'reader-two-token' }, article.slug, { helpful: true });
    await voteOnArticle(core, null, { readerToken: 'reader-two-token' }, article.slug, { helpful: false });
    expect(await counts()).toEqual({ helpful: 2, notHelpful: 2 });
    const stored = await votes();
    expect(stored).toHaveLength(4);
    expect(stored.filter((vote) => vote.helpful === 1)).toHaveLength(2);
  });

  it('keeps the counts on the article equal to the stored votes when readers vote at the same time', async () => {
    const { core } = world;
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        voteOnArticle(core, null, { readerToken: `parallel-reader-${index}` }, article.slug, {
          helpful: index % 2 === 0,
        }),
      ),
    );
    const stored = await votes();
    expect(await counts()).toEqual({
      helpful: stored.filter((vote) => vote.helpful === 1).length,
      notHelpful: stored.filter((vote) => vote.helpful === 0).length,
    });
  });

  it('stores an anonymous reader only by the hash of their token', async () => {
    const { core } = world;
    const token = 'raw-reader-cookie-value-1234567890';
    await voteOnArticle(core, null, { readerToken: token }, article.slug, { helpful: true, comment: 'Clear steps' });
    const [vote] = await votes();
    expect(vote!.voter).toBe(`reader:${hashToken(token)}`);
    expect(JSON.stringify(await votes())).not.toContain(token);
  });

  it('keeps a comment trimmed, and an empty one as none', async () => {
    const { core } = world;
    await voteOnArticle(core, null, { readerToken: 'a' }, article.slug, {
      helpful: false,
      comment: '  Step 3 is wrong  ',
    });
    await voteOnArticle(core, null, { readerToken: 'b' }, article.slug, { helpful: false, comment: '   ' });
    expect((await votes()).map((vote) => vote.comment).sort()).toEqual(['Step 3 is wrong', null].sort());
  });

  it('refuses a comment over 1,000 characters', async () => {
    const { core } = world;
    await expect(
      voteOnArticle(core, null, { readerToken: 'a' }, article.slug, { helpful: false, comment: 'x'.repeat(1001) }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'Use at most 1,000 characters.' });
    await voteOnArticle(core, null, { readerToken: 'a' }, article.slug, { helpful: false, comment: 'x'.repeat(1000) });
    expect(await votes()).toHaveLength(1);
  });

  it('answers not_found for an internal article or a draft when the reader may not read it', async () => {
    const { core, customer, agent } = world;
    const internal = await publish(world, { title: 'Runbook', visibility: 'internal' });
    const draft = await publish(world, { title: 'Not yet', status: 'draft' });
    for (const hidden of [internal, draft]) {
      expect(await codeOf(voteOnArticle(core, null, { readerToken: 'a' }, hidden.slug, { helpful: true }))).toBe(
        'not_found',
      );
      expect(await codeOf(voteOnArticle(core, customer, { userId: customer.id }, hidden.slug, { helpful: true }))).toBe(
        'not_found',
      );
    }
    expect(await votes()).toEqual([]);
    await voteOnArticle(core, agent, { userId: agent.id }, internal.slug, { helpful: true });
    expect(await counts(internal.slug)).toEqual({ helpful: 1, notHelpful: 0 });
  });

  it('answers not_found for an unknown article', async () => {
    expect(await codeOf(voteOnArticle(world.core, null, { readerToken: 'a' }, 'nope', { helpful: true }))).toBe(
      'not_found',
    );
  });
});

describe('currentVote', () => {
  it('gives the voter their current vote back, and undefined before they vote', async () => {
    const { core, customer } = world;
    expect(await currentVote(core, { readerToken: 't' }, article.id)).toBeUndefined();
    await voteOnArticle(core, null, { readerToken: 't' }, article.slug, { helpful: true });
    expect(await currentVote(core, { readerToken: 't' }, article.id)).toEqual({ helpful: true });
    expect(await currentVote(core, { readerToken: 'someone-else' }, article.id)).toBeUndefined();
    expect(await currentVote(core, { userId: customer.id }, article.id)).toBeUndefined();
    await voteOnArticle(core, null, { readerToken: 't' }, article.slug, { helpful: false });
    expect(await currentVote(core, { readerToken: 't' }, article.id)).toEqual({ helpful: false });
  });
});
