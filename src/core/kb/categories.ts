import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { readableBy } from './access.ts';
import type { Category } from './article.ts';
import { nameFromSlug, rowToCategory, slugify } from './article.ts';
import { categoryInputSchema } from './schemas.ts';
import { enqueueIndexing } from './store.ts';
import type { CategoryInput } from './schemas.ts';

export interface CategoryWithCount extends Category {
  /** Articles in it the actor may read. */
  articleCount: number;
}

/**
 * Every category in display order, with how many articles in each the actor may read.
 * @example
 * const categories = await listCategories(core, null); // anonymous: counts public, published only
 */
export async function listCategories(core: Core, actor: Actor | null): Promise<CategoryWithCount[]> {
  const counts = await core.db
    .selectFrom('kb_articles')
    .select(['kb_articles.category_id', (eb) => eb.fn.countAll().as('n')])
    .where(readableBy(actor))
    .groupBy('kb_articles.category_id')
    .execute();
  const countBy = new Map(counts.map((row) => [row.category_id, Number(row.n)]));
  const rows = await core.db.selectFrom('kb_categories').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map((row) => ({ ...rowToCategory(row), articleCount: countBy.get(row.id) ?? 0 }));
}

export async function getCategoryBySlug(core: Core, slug: string): Promise<Category | undefined> {
  const row = await core.db.selectFrom('kb_categories').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? rowToCategory(row) : undefined;
}

async function assertSlugFree(db: Db, slug: string, exceptId?: string): Promise<void> {
  const taken = await db.selectFrom('kb_categories').select('id').where('slug', '=', slug).executeTakeFirst();
  if (taken && taken.id !== exceptId) {
    throw new PorticoError('conflict', 'A category with that address already exists.', {
      details: { fields: { slug: 'Already in use.' } },
    });
  }
}

async function assertParentAllowed(db: Db, parentId: string | null, selfId?: string): Promise<void> {
  if (!parentId) return;
  const parent = await db.selectFrom('kb_categories').selectAll().where('id', '=', parentId).executeTakeFirst();
  if (!parent || parent.id === selfId) {
    throw new PorticoError('invalid_input', 'No such parent category.', {
      details: { fields: { parentId: 'No such category.' } },
    });
  }
  if (parent.parent_id) {
    throw new PorticoError('invalid_input', 'Categories nest one level: a section cannot hold sections.', {
      details: { fields: { parentId: 'Choose a top-level category.' } },
    });
  }
}

/**
 * Creates a category or, with a parent, a section (admins only).
 * @example
 * const billing = await createCategory(core, admin, { name: 'Billing' });
 */
export async function createCategory(core: Core, actor: Actor | null, input: CategoryInput): Promise<Category> {
  assertAdmin(actor);
  const data = parseInput(categoryInputSchema, input);
  const slug = data.slug ?? slugify(data.name);
  await assertSlugFree(core.db, slug);
  await assertParentAllowed(core.db, data.parentId);
  const now = nowStored();
  const row = {
    id: newId(),
    slug,
    name: data.name,
    description: data.description,
    parent_id: data.parentId,
    position: data.position,
    created_at: now,
    updated_at: now,
  };
  await core.db.insertInto('kb_categories').values(row).execute();
  return rowToCategory(row);
}

export async function updateCategory(
  core: Core,
  actor: Actor | null,
  id: string,
  input: CategoryInput,
): Promise<Category> {
  assertAdmin(actor);
  const data = parseInput(categoryInputSchema, input);
  const slug = data.slug ?? slugify(data.name);
  await assertSlugFree(core.db, slug, id);
  await assertParentAllowed(core.db, data.parentId, id);
  if (data.parentId) {
    const section = await core.db
      .selectFrom('kb_categories')
      .select('id')
      .where('parent_id', '=', id)
      .executeTakeFirst();
    if (section) {
      throw new PorticoError('invalid_input', 'This category has sections, so it cannot become a section itself.', {
        details: { fields: { parentId: 'Categories nest one level only.' } },
      });
    }
  }
  const result = await core.db
    .updateTable('kb_categories')
    .set({
      slug,
      name: data.name,
      description: data.description,
      parent_id: data.parentId,
      position: data.position,
      updated_at: nowStored(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new PorticoError('not_found', 'No such category.');
  // The index holds each article's category name and address: refresh them.
  const articles = await core.db.selectFrom('kb_articles').select('id').where('category_id', '=', id).execute();
  for (const article of articles) await enqueueIndexing(core.db, article.id);
  const row = await core.db.selectFrom('kb_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return rowToCategory(row);
}

/** Deletes an empty category (admins only); one that still holds articles or sections is refused. */
export async function deleteCategory(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  const [article, section] = await Promise.all([
    core.db.selectFrom('kb_articles').select('id').where('category_id', '=', id).executeTakeFirst(),
    core.db.selectFrom('kb_categories').select('id').where('parent_id', '=', id).executeTakeFirst(),
  ]);
  if (article || section) {
    throw new PorticoError('conflict', 'This category still holds articles or sections.', {
      hint: 'Move them to another category first.',
    });
  }
  const result = await core.db.deleteFrom('kb_categories').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new PorticoError('not_found', 'No such category.');
}

/** The category for a folder of content/kb, created on first sight (sync runs as Portico itself). */
export async function ensureCategoryForFolder(db: Db, slug: string, position: number): Promise<string> {
  const existing = await db.selectFrom('kb_categories').select('id').where('slug', '=', slug).executeTakeFirst();
  if (existing) return existing.id;
  const now = nowStored();
  const id = newId();
  await db
    .insertInto('kb_categories')
    .values({
      id,
      slug,
      name: nameFromSlug(slug),
      description: '',
      parent_id: null,
      position,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
