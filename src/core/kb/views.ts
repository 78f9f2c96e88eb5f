import type { Core } from '../context.ts';

/**
 * Views are counted in memory and written in one transaction a second later: a write (and its fsync)
 * for every page view made reading the knowledge base as costly as opening tickets. Counters only
 * ever add, so several instances flushing their own tallies stay exact; a crash loses at most the
 * last second's views, which only feed popularity and staleness.
 */
export const viewFlushDelayMs = 1000;

interface Tally {
  views: Map<string, number>;
  timer: NodeJS.Timeout | null;
}

const tallies = new WeakMap<Core, Tally>();

function tallyOf(core: Core): Tally {
  let tally = tallies.get(core);
  if (!tally) {
    tally = { views: new Map(), timer: null };
    tallies.set(core, tally);
  }
  return tally;
}

/** Counts a reader's view (popular articles; stale detection); written within a second. */
export function recordArticleView(core: Core, articleId: string): void {
  const tally = tallyOf(core);
  tally.views.set(articleId, (tally.views.get(articleId) ?? 0) + 1);
  if (tally.timer) return;
  tally.timer = setTimeout(() => {
    flushArticleViews(core).catch((error: unknown) =>
      core.log.warn({ err: error }, 'could not write article views; they are counted again on the next view'),
    );
  }, viewFlushDelayMs);
  tally.timer.unref();
}

/** Writes the views counted so far; what fails to write is kept for the next flush. */
export async function flushArticleViews(core: Core): Promise<void> {
  const tally = tallyOf(core);
  if (tally.timer) clearTimeout(tally.timer);
  tally.timer = null;
  if (tally.views.size === 0) return;
  // In one order on every instance, so that two flushing at once wait for each other's row locks
  // instead of deadlocking.
  const pending = [...tally.views].sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0));
  tally.views.clear();
  try {
    await core.db.transaction().execute(async (trx) => {
      for (const [articleId, views] of pending) {
        await trx
          .updateTable('kb_articles')
          .set((eb) => ({ view_count: eb('view_count', '+', views) }))
          .where('id', '=', articleId)
          .execute();
      }
    });
  } catch (error) {
    for (const [articleId, views] of pending) tally.views.set(articleId, (tally.views.get(articleId) ?? 0) + views);
    throw error;
  }
}
