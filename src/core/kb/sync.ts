import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { ensureCategoryForFolder } from './categories.ts';
import { parseArticleFile } from './front-matter.ts';
import type { ArticleState } from './store.ts';
import { changesState, insertArticle, loadArticleById, saveArticleState, stateOf } from './store.ts';

export interface SyncReport {
  created: string[];
  updated: string[];
  unpublished: string[];
  unchanged: number;
  /** Files whose article was edited in the editor since the last sync: left as the editor has them. */
  conflicts: { path: string; reason: string }[];
  /** Files that could not be read as articles. */
  invalid: { path: string; reason: string }[];
  ms: number;
}

interface ArticleFile {
  relative: string;
  category: string;
  slug: string;
}

/** The article files under root, or null when root does not exist (then nothing is unpublished). */
async function articleFiles(root: string): Promise<ArticleFile[] | null> {
  let categories: string[];
  try {
    categories = (await fs.readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return null;
  }
  const files: ArticleFile[] = [];
  for (const category of categories) {
    const entries = (await fs.readdir(path.join(root, category), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('.md') && !entry.name.startsWith('_')) {
        files.push({ relative: `${category}/${entry.name}`, category, slug: entry.name.slice(0, -3) });
      }
    }
  }
  return files;
}

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Files per transaction: few enough to keep each short, enough that fsync (synchronous=FULL) does not dominate. */
const batchSize = 100;

type Outcome = 'created' | 'updated' | 'unchanged' | { conflict: string } | { invalid: string };

async function syncFile(
  trx: Db,
  root: string,
  file: ArticleFile,
  position: number,
  filePaths: Set<string>,
): Promise<Outcome> {
  if (!slugPattern.test(file.slug) || !slugPattern.test(file.category)) {
    return { invalid: 'folder and file names must be lower-case words joined by hyphens' };
  }
  const text = await fs.readFile(path.join(root, file.relative), 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  let existing = await trx
    .selectFrom('kb_articles')
    .select(['id', 'source', 'source_path', 'source_hash', 'edited_after_sync', 'status'])
    .where('source_path', '=', file.relative)
    .executeTakeFirst();
  if (!existing) {
    const sameSlug = await trx
      .selectFrom('kb_articles')
      .select(['id', 'source', 'source_path', 'source_hash', 'edited_after_sync', 'status'])
      .where('slug', '=', file.slug)
      .executeTakeFirst();
    if (sameSlug?.source === 'file' && sameSlug.source_path && !filePaths.has(sameSlug.source_path)) {
      // The file moved to another folder: the article follows it instead of being unpublished.
      await trx.updateTable('kb_articles').set({ source_path: file.relative }).where('id', '=', sameSlug.id).execute();
      existing = { ...sameSlug, source_path: file.relative, source_hash: null };
    } else if (sameSlug) {
      return {
        conflict:
          sameSlug.source === 'file'
            ? `the file ${sameSlug.source_path} already uses the address ${file.slug}`
            : `an article made in the editor already uses the address ${file.slug}`,
      };
    }
  }
  if (existing?.edited_after_sync === 1) {
    return {
      conflict:
        existing.source_hash === hash
          ? 'edited in the editor since the last sync'
          : 'edited in the editor since the last sync; the file was not applied',
    };
  }
  if (existing && existing.source_hash === hash && existing.status === 'published') return 'unchanged';
  const parsed = parseArticleFile(text);
  if ('problem' in parsed) return { invalid: parsed.problem };
  const categoryId = await ensureCategoryForFolder(trx, file.category, position);
  const state: ArticleState = {
    title: parsed.frontMatter.title,
    slug: file.slug,
    summary: parsed.frontMatter.summary,
    body: parsed.body,
    categoryId,
    tags: parsed.frontMatter.tags,
    visibility: parsed.frontMatter.visibility,
    status: 'published',
    ownerId: null,
    position: parsed.frontMatter.order,
  };
  if (!existing) {
    await insertArticle(trx, state, {
      authorId: null,
      source: 'file',
      articleSource: 'file',
      sourcePath: file.relative,
      sourceHash: hash,
    });
    return 'created';
  }
  const current = await loadArticleById(trx, existing.id);
  if (!current) return 'unchanged';
  const next = { ...state, ownerId: current.ownerId };
  if (!changesState(stateOf(current), next)) {
    await trx.updateTable('kb_articles').set({ source_hash: hash }).where('id', '=', current.id).execute();
    return 'unchanged';
  }
  await saveArticleState(trx, current, next, {
    authorId: null,
    source: 'file',
    fileSync: { outcome: 'applied', sourceHash: hash },
  });
  return 'updated';
}

/**
 * Brings the database in line with `content/kb/<category>/<slug>.md`: new files create published
 * articles, changed files add a revision, removed files unpublish theirs, a moved file moves its
 * article. An article edited in the editor since the last sync is never overwritten: it is reported as
 * a conflict. Running it twice changes nothing the second time. A missing folder changes nothing.
 * @example
 * const report = await syncKnowledgeBase(core, path.resolve('content/kb'));
 */
export async function syncKnowledgeBase(
  core: Core,
  root: string,
  onProgress?: (done: number, total: number) => void,
): Promise<SyncReport> {
  const started = performance.now();
  const report: SyncReport = {
    created: [],
    updated: [],
    unpublished: [],
    unchanged: 0,
    conflicts: [],
    invalid: [],
    ms: 0,
  };
  const files = await articleFiles(root);
  if (!files) return { ...report, ms: Math.round(performance.now() - started) };
  const filePaths = new Set(files.map((file) => file.relative));
  onProgress?.(0, files.length);
  const positions = new Map(
    [...new Set(files.map((file) => file.category))].map((category, index) => [category, index + 1]),
  );
  for (let start = 0; start < files.length; start += batchSize) {
    const batch = files.slice(start, start + batchSize);
    const outcomes = await core.db.transaction().execute(async (trx) => {
      const results: [ArticleFile, Outcome][] = [];
      for (const file of batch) {
        results.push([file, await syncFile(trx, root, file, positions.get(file.category) ?? 0, filePaths)]);
      }
      return results;
    });
    for (const [file, outcome] of outcomes) {
      if (outcome === 'created') report.created.push(file.relative);
      else if (outcome === 'updated') report.updated.push(file.relative);
      else if (outcome === 'unchanged') report.unchanged++;
      else if ('conflict' in outcome) report.conflicts.push({ path: file.relative, reason: outcome.conflict });
      else report.invalid.push({ path: file.relative, reason: outcome.invalid });
    }
    onProgress?.(Math.min(start + batchSize, files.length), files.length);
  }
  const orphans = await core.db
    .selectFrom('kb_articles')
    .select(['id', 'source_path'])
    .where('source', '=', 'file')
    .where('status', '=', 'published')
    .execute();
  for (const orphan of orphans) {
    if (!orphan.source_path || filePaths.has(orphan.source_path)) continue;
    await core.db.transaction().execute(async (trx) => {
      const current = await loadArticleById(trx, orphan.id);
      if (!current) return;
      await saveArticleState(
        trx,
        current,
        { ...stateOf(current), status: 'draft' },
        {
          authorId: null,
          source: 'file',
          fileSync: { outcome: 'kept' },
        },
      );
    });
    report.unpublished.push(orphan.source_path);
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}
