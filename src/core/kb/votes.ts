import { z } from 'zod';
import type { Core } from '../context.ts';
import { nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { hashToken } from '../session/index.ts';
import type { Actor } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { readableBy } from './access.ts';
import { lockArticle } from './store.ts';

export const voteSchema = z.object({
  helpful: z.boolean(),
  comment: z
    .string()
    .trim()
    .max(1000, 'Use at most 1,000 characters.')
    .transform((comment) => comment || null)
    .nullable()
    .default(null),
});

/** Who votes: a signed-in user, or an anonymous reader known only by a random cookie (stored hashed). */
export type Voter = { userId: string } | { readerToken: string };

function voterKey(voter: Voter): string {
  return 'userId' in voter ? `user:${voter.userId}` : `reader:${hashToken(voter.readerToken)}`;
}

/**
 * Records "Was this helpful?" for an article the voter may read: one vote per reader per article (a
 * second vote replaces the first). A "not helpful" vote with a comment becomes a review task for the owner.
 * @example
 * await voteOnArticle(core, null, { readerToken }, 'reset-your-password', { helpful: false, comment: 'Link is dead' });
 */
export async function voteOnArticle(
  core: Core,
  actor: Actor | null,
  voter: Voter,
  slug: string,
  input: z.input<typeof voteSchema>,
): Promise<void> {
  const vote = parseInput(voteSchema, input);
  const key = voterKey(voter);
  await core.db.transaction().execute(async (trx) => {
    const article = await trx
      .selectFrom('kb_articles')
      .select('id')
      .where('slug', '=', slug)
      .where(readableBy(actor))
      .executeTakeFirst();
    if (!article) throw new PorticoError('not_found', 'No such article.');
    await lockArticle(trx, article.id);
    const now = nowStored();
    await trx
      .insertInto('kb_votes')
      .values({
        article_id: article.id,
        voter: key,
        helpful: vote.helpful ? 1 : 0,
        comment: vote.comment,
        created_at: now,
        resolved_at: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['article_id', 'voter'])
          .doUpdateSet({ helpful: vote.helpful ? 1 : 0, comment: vote.comment, created_at: now, resolved_at: null }),
      )
      .execute();
    const counts = await trx
      .selectFrom('kb_votes')
      .select([
        (eb) => eb.fn.sum<number>(eb.case().when('helpful', '=', 1).then(1).else(0).end()).as('helpful'),
        (eb) => eb.fn.sum<number>(eb.case().when('helpful', '=', 0).then(1).else(0).end()).as('not_helpful'),
      ])
      .where('article_id', '=', article.id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('kb_articles')
      .set({ helpful_count: Number(counts.helpful ?? 0), not_helpful_count: Number(counts.not_helpful ?? 0) })
      .where('id', '=', article.id)
      .execute();
  });
}

/** The voter's current vote on an article, to show it back; undefined when they have not voted. */
export async function currentVote(
  core: Core,
  voter: Voter,
  articleId: string,
): Promise<{ helpful: boolean } | undefined> {
  const row = await core.db
    .selectFrom('kb_votes')
    .select('helpful')
    .where('article_id', '=', articleId)
    .where('voter', '=', voterKey(voter))
    .executeTakeFirst();
  return row && { helpful: row.helpful === 1 };
}
