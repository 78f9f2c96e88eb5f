import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createArticle,
  getArticle,
  listArticles,
  listCategories,
  listRevisions,
  syncKnowledgeBase,
  updateArticle,
} from '../../../src/core/kb/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { articleFile, createContentDir, createKbWorld, revisionCount, writeGeneratedFiles } from './fixtures.ts';
import type { ContentDir, KbWorld } from './fixtures.ts';

const demoContent = fileURLToPath(new URL('../../../content/kb', import.meta.url));

let world: KbWorld;
let content: ContentDir;

beforeEach(async () => {
  world = await createKbWorld();
  content = createContentDir();
});

afterEach(async () => {
  await world.core.close();
  content.cleanup();
});

const vpn = articleFile(
  { title: 'Connect to the VPN', summary: 'Reach the office network from home.', tags: ['VPN', 'remote'], order: 2 },
  '## Steps\n\nOpen **GlobalProtect** and sign in.',
);
const invoice = articleFile({ title: 'Download an invoice', tags: ['invoice'] }, 'Open Billing and choose Invoices.');
const runbook = articleFile({ title: 'VPN gateway runbook', visibility: 'internal' }, 'Restart the gateway.');

function writeStarterFiles(): void {
  content.write('network-and-vpn/connect-to-the-vpn.md', vpn);
  content.write('network-and-vpn/vpn-gateway-runbook.md', runbook);
  content.write('billing/download-an-invoice.md', invoice);
}

async function fileArticle(slug: string) {
  const article = await getArticle(world.core, systemActor, slug);
  if (!article) throw new Error(`no article ${slug}`);
  return article;
}

describe('syncKnowledgeBase', () => {
  it('creates published articles, and categories named after their folders', async () => {
    const { core } = world;
    writeStarterFiles();
    const report = await syncKnowledgeBase(core, content.root);
    expect(report).toMatchObject({
      created: [
        'billing/download-an-invoice.md',
        'network-and-vpn/connect-to-the-vpn.md',
        'network-and-vpn/vpn-gateway-runbook.md',
      ],
      updated: [],
      unpublished: [],
      unchanged: 0,
      conflicts: [],
      invalid: [],
    });
    expect(report.ms).toBeGreaterThanOrEqual(0);

    const categories = await listCategories(core, null);
    expect(categories.map((category) => [category.slug, category.name, category.articleCount])).toEqual([
      ['general', 'General', 0],
      ['billing', 'Billing', 1],
      ['network-and-vpn', 'Network and VPN', 1],
    ]);
    const article = await fileArticle('connect-to-the-vpn');
    expect(article).toMatchObject({
      title: 'Connect to the VPN',
      summary: 'Reach the office network from home.',
      tags: ['remote', 'vpn'],
      category: { slug: 'network-and-vpn', name: 'Network and VPN' },
      visibility: 'public',
      status: 'published',
      position: 2,
      source: 'file',
      sourcePath: 'network-and-vpn/connect-to-the-vpn.md',
      authorId: null,
      revision: 1,
      editedAfterSync: false,
    });
    expect(article.publishedAt).toBeInstanceOf(Date);
    expect(article.html).toContain('<strong>GlobalProtect</strong>');
    expect(await fileArticle('vpn-gateway-runbook')).toMatchObject({ visibility: 'internal', status: 'published' });
    expect(await getArticle(core, null, 'vpn-gateway-runbook')).toBeUndefined();
  });

  it('changes nothing on a second run', async () => {
    const { core } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    const revisionsBefore = await revisionCount(core);
    const before = await listArticles(core, systemActor);
    const report = await syncKnowledgeBase(core, content.root);
    expect(report).toMatchObject({
      created: [],
      updated: [],
      unpublished: [],
      unchanged: 3,
      conflicts: [],
      invalid: [],
    });
    expect(await revisionCount(core)).toBe(revisionsBefore);
    expect(await listArticles(core, systemActor)).toEqual(before);
  });

  it('adds a revision when a file changes', async () => {
    const { core } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    content.write(
      'network-and-vpn/connect-to-the-vpn.md',
      articleFile(
        { title: 'Connect to the VPN', tags: ['vpn'] },
        'Open **GlobalProtect** and choose the Europe portal.',
      ),
    );
    const report = await syncKnowledgeBase(core, content.root);
    expect(report).toMatchObject({ created: [], updated: ['network-and-vpn/connect-to-the-vpn.md'], unchanged: 2 });
    const article = await fileArticle('connect-to-the-vpn');
    expect(article).toMatchObject({ revision: 2, tags: ['vpn'], summary: '', position: 0, editedAfterSync: false });
    expect(article.html).toContain('Europe portal');
    const [latest] = await listRevisions(core, systemActor, article.id);
    expect(latest).toMatchObject({ number: 2, source: 'file', authorId: null });
    expect(await syncKnowledgeBase(core, content.root)).toMatchObject({ updated: [], unchanged: 3 });
  });

  it('makes no revision when a file changes in a way that does not change the article', async () => {
    const { core } = world;
    content.write(
      'billing/download-an-invoice.md',
      '---\ntitle: Download an invoice\ntags: [invoice]\n---\nOpen Billing.\n',
    );
    await syncKnowledgeBase(core, content.root);
    content.write(
      'billing/download-an-invoice.md',
      '---\ntags: [ Invoice ]\ntitle: "Download an invoice"\n---\n\nOpen Billing.\n\n',
    );
    const report = await syncKnowledgeBase(core, content.root);
    expect(report).toMatchObject({ updated: [], unchanged: 1 });
    expect(await revisionCount(core)).toBe(1);
    expect(await syncKnowledgeBase(core, content.root)).toMatchObject({ updated: [], unchanged: 1 });
  });

  it('unpublishes the article of a removed file, and republishes it when the file returns', async () => {
    const { core } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    content.remove('billing/download-an-invoice.md');
    const removed = await syncKnowledgeBase(core, content.root);
    expect(removed).toMatchObject({
      created: [],
      updated: [],
      unpublished: ['billing/download-an-invoice.md'],
      unchanged: 2,
    });
    expect(await fileArticle('download-an-invoice')).toMatchObject({ status: 'draft', revision: 2 });
    expect(await getArticle(core, null, 'download-an-invoice')).toBeUndefined();
    expect(await syncKnowledgeBase(core, content.root)).toMatchObject({ unpublished: [], unchanged: 2 });

    content.write('billing/download-an-invoice.md', invoice);
    const back = await syncKnowledgeBase(core, content.root);
    expect(back).toMatchObject({
      created: [],
      updated: ['billing/download-an-invoice.md'],
      unpublished: [],
      unchanged: 2,
    });
    expect(await fileArticle('download-an-invoice')).toMatchObject({ status: 'published', revision: 3 });
    expect(await getArticle(core, null, 'download-an-invoice')).toBeDefined();
    expect(await syncKnowledgeBase(core, content.root)).toMatchObject({ updated: [], unchanged: 3 });
  });

  it('reports an article edited in the editor as a conflict and does not overwrite it with a changed file', async () => {
    const { core, agent } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    const article = await fileArticle('connect-to-the-vpn');
    await updateArticle(core, agent, article.id, { body: 'Edited by an agent in the editor.' });
    expect(await fileArticle('connect-to-the-vpn')).toMatchObject({ editedAfterSync: true, revision: 2 });

    const untouched = await syncKnowledgeBase(core, content.root);
    expect(untouched.conflicts).toEqual([
      { path: 'network-and-vpn/connect-to-the-vpn.md', reason: 'edited in the editor since the last sync' },
    ]);
    expect(untouched).toMatchObject({ updated: [], unchanged: 2 });

    content.write(
      'network-and-vpn/connect-to-the-vpn.md',
      articleFile({ title: 'Connect to the VPN' }, 'Changed in the file.'),
    );
    const changed = await syncKnowledgeBase(core, content.root);
    expect(changed.conflicts).toEqual([
      {
        path: 'network-and-vpn/connect-to-the-vpn.md',
        reason: 'edited in the editor since the last sync; the file was not applied',
      },
    ]);
    expect(changed).toMatchObject({ created: [], updated: [], unchanged: 2 });
    expect(await fileArticle('connect-to-the-vpn')).toMatchObject({
      body: 'Edited by an agent in the editor.',
      revision: 2,
    });
    expect(await revisionCount(core, article.id)).toBe(2);
  });

  it("keeps an editor's changes when the file of an edited article is removed and then comes back", async () => {
    const { core, agent } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    const article = await fileArticle('connect-to-the-vpn');
    await updateArticle(core, agent, article.id, { body: 'Edited by an agent in the editor.' });
    content.remove('network-and-vpn/connect-to-the-vpn.md');
    await syncKnowledgeBase(core, content.root);
    content.write('network-and-vpn/connect-to-the-vpn.md', vpn.replace('sign in', 'sign in again'));
    const back = await syncKnowledgeBase(core, content.root);
    expect(back.conflicts.map((conflict) => conflict.path)).toEqual(['network-and-vpn/connect-to-the-vpn.md']);
    expect((await fileArticle('connect-to-the-vpn')).body).toBe('Edited by an agent in the editor.');
  });

  it('moves an article to the new category when its file moves to another folder, instead of unpublishing it', async () => {
    const { core } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    const before = await fileArticle('download-an-invoice');
    content.remove('billing/download-an-invoice.md');
    content.write('accounts/download-an-invoice.md', invoice);
    const moved = await syncKnowledgeBase(core, content.root);
    expect(moved).toMatchObject({ unpublished: [], conflicts: [], updated: ['accounts/download-an-invoice.md'] });
    const after = await fileArticle('download-an-invoice');
    expect(after).toMatchObject({ id: before.id, status: 'published', category: { slug: 'accounts' } });
    expect(await syncKnowledgeBase(core, content.root)).toMatchObject({ updated: [], unpublished: [], conflicts: [] });
  });

  it('changes nothing when the content folder does not exist', async () => {
    const { core } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    const report = await syncKnowledgeBase(core, `${content.root}-missing`);
    expect(report).toMatchObject({ created: [], updated: [], unpublished: [], unchanged: 0 });
    expect((await fileArticle('download-an-invoice')).status).toBe('published');
  });

  it('reports a file whose slug an article made in the editor already uses, and syncs the others', async () => {
    const { core, agent, general } = world;
    const mine = await createArticle(core, agent, {
      title: 'Connect to the VPN',
      categoryId: general.id,
      body: 'Editor text',
    });
    writeStarterFiles();
    const report = await syncKnowledgeBase(core, content.root);
    expect(report.conflicts).toEqual([
      {
        path: 'network-and-vpn/connect-to-the-vpn.md',
        reason: 'an article made in the editor already uses the address connect-to-the-vpn',
      },
    ]);
    expect(report.created).toEqual(['billing/download-an-invoice.md', 'network-and-vpn/vpn-gateway-runbook.md']);
    expect(await fileArticle('connect-to-the-vpn')).toMatchObject({
      id: mine.id,
      source: 'editor',
      body: 'Editor text',
    });
    expect((await syncKnowledgeBase(core, content.root)).conflicts).toHaveLength(1);
  });

  it('reports files it cannot read as articles and still syncs the others', async () => {
    const { core } = world;
    writeStarterFiles();
    content.write('billing/no-front-matter.md', '# Refunds\n\nJust markdown.');
    content.write('billing/bad-yaml.md', '---\ntitle: [oops\n---\nBody');
    content.write('billing/Bad Name.md', articleFile({ title: 'Bad name' }, 'Body'));
    content.write('Big Folder/fine-name.md', articleFile({ title: 'Bad folder' }, 'Body'));
    content.write('billing/_template.md', 'ignored: starts with an underscore');
    content.write('billing/notes.txt', 'ignored: not markdown');
    content.write('loose-file.md', articleFile({ title: 'Not in a category folder' }, 'Body'));
    const report = await syncKnowledgeBase(core, content.root);
    expect(report.created).toHaveLength(3);
    const names = 'folder and file names must be lower-case words joined by hyphens';
    expect(report.invalid).toEqual(
      expect.arrayContaining([
        { path: 'Big Folder/fine-name.md', reason: names },
        { path: 'billing/Bad Name.md', reason: names },
        {
          path: 'billing/no-front-matter.md',
          reason: 'no front matter: the file must start with a --- block holding at least a title',
        },
        { path: 'billing/bad-yaml.md', reason: expect.stringMatching(/^front matter is not valid YAML/) },
      ]),
    );
    expect(report.invalid).toHaveLength(4);
    expect((await listArticles(core, systemActor)).total).toBe(3);
  });

  it('leaves the article of a file that became invalid published, and reports the file', async () => {
    const { core } = world;
    writeStarterFiles();
    await syncKnowledgeBase(core, content.root);
    content.write('billing/download-an-invoice.md', 'front matter lost');
    const report = await syncKnowledgeBase(core, content.root);
    expect(report).toMatchObject({ updated: [], unpublished: [], unchanged: 2 });
    expect(report.invalid.map((entry) => entry.path)).toEqual(['billing/download-an-invoice.md']);
    expect(await fileArticle('download-an-invoice')).toMatchObject({ status: 'published', revision: 1 });
  });

  it('reports progress from zero to the number of files', async () => {
    writeStarterFiles();
    const calls: [number, number][] = [];
    await syncKnowledgeBase(world.core, content.root, (done, total) => calls.push([done, total]));
    expect(calls[0]).toEqual([0, 3]);
    expect(calls.at(-1)).toEqual([3, 3]);
  });

  // Its speed is measured by test/bench/kb-sync.ts: timing assertions here would fail on a busy machine.
  it('syncs 1,000 files, and a second run finds them all unchanged', async () => {
    const { core } = world;
    writeGeneratedFiles(content, 1000);
    const report = await syncKnowledgeBase(core, content.root);
    expect(report.created).toHaveLength(1000);
    expect(report.invalid).toEqual([]);
    const again = await syncKnowledgeBase(core, content.root);
    expect(again).toMatchObject({ created: [], updated: [], unpublished: [], unchanged: 1000 });
  }, 120_000);

  it('syncs the demo content: 32 articles, 4 of them internal, nothing invalid, no conflicts', async () => {
    const { core } = world;
    const report = await syncKnowledgeBase(core, demoContent);
    expect(report.invalid).toEqual([]);
    expect(report.conflicts).toEqual([]);
    expect(report.created).toHaveLength(32);
    const everything = await listArticles(core, systemActor, { limit: 200 });
    expect(everything.total).toBe(32);
    expect(everything.articles.filter((article) => article.visibility === 'internal')).toHaveLength(4);
    expect(everything.articles.every((article) => article.status === 'published')).toBe(true);
    expect((await listArticles(core, null, { limit: 200 })).total).toBe(28);
    expect((await listCategories(core, null)).find((category) => category.slug === 'network-and-vpn')?.name).toBe(
      'Network and VPN',
    );
    expect(await syncKnowledgeBase(core, demoContent)).toMatchObject({ created: [], updated: [], unchanged: 32 });
  });
});
