import { diffLines, diffWords } from 'diff';
import type { Core } from '../context.ts';
import { fromStoredTime } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff, systemActor } from '../users/index.ts';
import type { Article } from './article.ts';
import type { ArticleStatus, RevisionSource, Visibility } from './kb.table.ts';
import { loadArticleById, lockArticle, saveArticleState } from './store.ts';

export interface Revision {
  number: number;
  title: string;
  summary: string;
  body: string;
  tags: string[];
  categoryId: string;
  visibility: Visibility;
  status: ArticleStatus;
  authorId: string | null;
  authorName: string | null;
  source: RevisionSource;
  createdAt: Date;
}

/** One run of a diff: text both revisions share, or that one of them added or removed. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface RevisionDiff {
  from: number;
  to: number;
  title: DiffPart[];
  summary: DiffPart[];
  body: DiffPart[];
  /** Fields other than the text that changed, e.g. `visibility: public → internal`. */
  changes: { field: string; from: string; to: string }[];
}

/** Every revision of an article, newest first (staff only). */
export async function listRevisions(core: Core, actor: Actor | null, articleId: string): Promise<Revision[]> {
  assertStaff(actor);
  const rows = await core.db
    .selectFrom('kb_revisions')
    .leftJoin('users', 'users.id', 'kb_revisions.author_id')
    .selectAll('kb_revisions')
    .select('users.name as author_name')
    .where('kb_revisions.article_id', '=', articleId)
    .orderBy('kb_revisions.number', 'desc')
    .execute();
  return rows.map((row) => ({
    number: row.number,
    title: row.title,
    summary: row.summary,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    categoryId: row.category_id,
    visibility: row.visibility,
    status: row.status,
    authorId: row.author_id,
    authorName: row.author_name,
    source: row.source,
    createdAt: fromStoredTime(row.created_at),
  }));
}

async function getRevision(core: Core, articleId: string, number: number): Promise<Revision> {
  const revision = (await listRevisions(core, systemActor, articleId)).find((r) => r.number === number);
  if (!revision) throw new PorticoError('not_found', `No revision ${number} of this article.`);
  return revision;
}

function parts(changes: { added?: boolean; removed?: boolean; value: string }[]): DiffPart[] {
  return changes.map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/**
 * What changed between two revisions: word diffs of title and summary, a line diff of the body,
 * and the other fields that differ (staff only).
 * @example
 * const diff = await diffRevisions(core, agent, article.id, 1, 3);
 */
export async function diffRevisions(
  core: Core,
  actor: Actor | null,
  articleId: string,
  from: number,
  to: number,
): Promise<RevisionDiff> {
  assertStaff(actor);
  const [older, newer] = await Promise.all([getRevision(core, articleId, from), getRevision(core, articleId, to)]);
  const changes: RevisionDiff['changes'] = [];
  for (const field of ['visibility', 'status', 'categoryId'] as const) {
    if (older[field] !== newer[field]) changes.push({ field, from: older[field], to: newer[field] });
  }
  if (older.tags.join(', ') !== newer.tags.join(', ')) {
    changes.push({ field: 'tags', from: older.tags.join(', '), to: newer.tags.join(', ') });
  }
  return {
    from,
    to,
    title: parts(diffWords(older.title, newer.title)),
    summary: parts(diffWords(older.summary, newer.summary)),
    body: parts(diffLines(older.body, newer.body)),
    changes,
  };
}

/**
 * Makes an earlier revision's content (title, summary, body, tags, category) current again, as a new
 * revision: history is never rewritten. Slug, status and visibility stay as they are now, so links keep
 * working and a restore never publishes, unpublishes or exposes an article by itself.
 */
export async function restoreRevision(
  core: Core,
  actor: Actor | null,
  articleId: string,
  number: number,
): Promise<Article> {
  assertStaff(actor);
  const revision = await getRevision(core, articleId, number);
  await core.db.transaction().execute(async (trx) => {
    await lockArticle(trx, articleId);
    const current = await loadArticleById(trx, articleId);
    if (!current) throw new PorticoError('not_found', 'No such article.');
    const category = await trx
      .selectFrom('kb_categories')
      .select('id')
      .where('id', '=', revision.categoryId)
      .executeTakeFirst();
    await saveArticleState(
      trx,
      current,
      {
        title: revision.title,
        slug: current.slug,
        summary: revision.summary,
        body: revision.body,
        categoryId: category ? revision.categoryId : current.category.id,
        tags: revision.tags,
        visibility: current.visibility,
        status: current.status,
        ownerId: current.ownerId,
        position: current.position,
      },
      { authorId: actor.role === 'system' ? null : actor.id, source: 'restore' },
    );
  });
  const restored = await loadArticleById(core.db, articleId);
  if (!restored) throw new PorticoError('not_found', 'No such article.');
  return restored;
}
