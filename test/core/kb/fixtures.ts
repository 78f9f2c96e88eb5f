import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createArticle, createCategory } from '../../../src/core/kb/index.ts';
import type { Article, ArticleInput, Category } from '../../../src/core/kb/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

/** A migrated core with one account of each role and a first category, "General". */
export interface KbWorld {
  core: TestCore;
  admin: User;
  agent: User;
  customer: User;
  general: Category;
}

export async function createKbWorld(): Promise<KbWorld> {
  const core = await createTestCore();
  const admin = await addUser(core, { email: 'ada@example.org', name: 'Ada Admin', role: 'admin' });
  const agent = await addUser(core, { email: 'alex@example.org', name: 'Alex Agent', role: 'agent' });
  const customer = await addUser(core, { email: 'casey@example.org', name: 'Casey Customer', role: 'customer' });
  const general = await createCategory(core, admin, { name: 'General' });
  return { core, admin, agent, customer, general };
}

/** Creates an article as the agent, published and public unless told otherwise. */
export function publish(
  world: KbWorld,
  input: Partial<ArticleInput> & { title: string },
  actor: User = world.agent,
): Promise<Article> {
  return createArticle(world.core, actor, {
    categoryId: world.general.id,
    status: 'published',
    visibility: 'public',
    ...input,
  });
}

/** The code of the PorticoError a promise rejects with (and fails when it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  expect.fail('expected the call to be refused');
}

/** A Markdown article file with YAML front matter, as content/kb holds them. */
export function articleFile(
  frontMatter: { title: string; summary?: string; tags?: string[]; visibility?: string; order?: number },
  body: string,
): string {
  const lines = ['---', `title: ${JSON.stringify(frontMatter.title)}`];
  if (frontMatter.summary !== undefined) lines.push(`summary: ${JSON.stringify(frontMatter.summary)}`);
  if (frontMatter.tags !== undefined)
    lines.push(`tags: [${frontMatter.tags.map((tag) => JSON.stringify(tag)).join(', ')}]`);
  if (frontMatter.visibility !== undefined) lines.push(`visibility: ${frontMatter.visibility}`);
  if (frontMatter.order !== undefined) lines.push(`order: ${frontMatter.order}`);
  lines.push('---', '', body.trim(), '');
  return lines.join('\n');
}

/** A temporary content/kb-like folder; write() takes paths like `billing/refunds.md`. */
export interface ContentDir {
  root: string;
  write(relative: string, text: string): void;
  remove(relative: string): void;
  cleanup(): void;
}

export function createContentDir(): ContentDir {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-kb-content-'));
  return {
    root,
    write(relative, text) {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), text);
    },
    remove(relative) {
      fs.rmSync(path.join(root, relative));
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** How many rows the search outbox holds. */
export async function outboxSize(core: TestCore): Promise<number> {
  const row = await core.db
    .selectFrom('search_outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many revisions an article has. */
export async function revisionCount(core: TestCore, articleId?: string): Promise<number> {
  let query = core.db.selectFrom('kb_revisions').select((eb) => eb.fn.countAll().as('n'));
  if (articleId) query = query.where('article_id', '=', articleId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Writes `count` generated article files (fixed seed) over ten category folders. */
export function writeGeneratedFiles(content: ContentDir, count: number): void {
  const words =
    'account password reset email laptop printer network invoice refund vpn device software install sign access'.split(
      ' ',
    );
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let index = 0; index < count; index++) {
    const paragraphs = Array.from({ length: 5 }, () =>
      Array.from({ length: 60 }, () => words[next() % words.length]).join(' '),
    ).join('\n\n');
    content.write(
      `category-${index % 10}/article-${index}.md`,
      articleFile(
        { title: `Generated article ${index}`, tags: [words[index % words.length]!] },
        `## Overview\n\n${paragraphs}`,
      ),
    );
  }
}
