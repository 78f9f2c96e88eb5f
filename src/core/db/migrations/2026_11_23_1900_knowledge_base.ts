import type { Kysely } from 'kysely';
import { sql } from 'kysely';

function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kb_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'text', (c) => c.references('kb_categories.id').onDelete('restrict'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('kb_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('category_id', 'text', (c) => c.notNull().references('kb_categories.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(oneOf('visibility', ['public', 'internal'])))
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['draft', 'published'])))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(oneOf('source', ['editor', 'file'])))
    .addColumn('source_path', 'text', (c) => c.unique())
    .addColumn('source_hash', 'text')
    .addColumn('edited_after_sync', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema
    .createIndex('kb_articles_category_idx')
    .on('kb_articles')
    .columns(['category_id', 'status', 'visibility', 'position'])
    .execute();
  await db.schema.createIndex('kb_articles_updated_idx').on('kb_articles').column('updated_at').execute();

  await db.schema
    .createTable('kb_article_tags')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kb_article_tags_pk', ['article_id', 'tag'])
    .execute();
  await db.schema.createIndex('kb_article_tags_tag_idx').on('kb_article_tags').column('tag').execute();

  await db.schema
    .createTable('kb_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull().check(oneOf('source', ['editor', 'file', 'restore'])))
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('toc', 'text', (c) => c.notNull())
    .addColumn('plain_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('kb_revisions_number_unique', ['article_id', 'number'])
    .execute();

  await db.schema
    .createTable('kb_votes')
    .addColumn('article_id', 'text', (c) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addPrimaryKeyConstraint('kb_votes_pk', ['article_id', 'voter'])
    .execute();

  await db.schema
    .createTable('kb_synonyms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('search_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_outbox_created_idx').on('search_outbox').column('created_at').execute();

  await db.schema
    .createTable('kb_searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('hit_count', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('clicked_article_id', 'text', (c) => c.references('kb_articles.id').onDelete('set null'))
    .addColumn('request_followed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_searches_created_idx').on('kb_searches').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'kb_searches',
    'search_outbox',
    'kb_synonyms',
    'kb_votes',
    'kb_revisions',
    'kb_article_tags',
    'kb_articles',
    'kb_categories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
