import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCategory,
  deleteCategory,
  diffRevisions,
  getArticle,
  listRevisions,
  restoreRevision,
  updateArticle,
} from '../../../src/core/kb/index.ts';
import type { DiffPart } from '../../../src/core/kb/index.ts';
import { codeOf, createKbWorld, publish, revisionCount } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;

beforeEach(async () => {
  world = await createKbWorld();
});

afterEach(async () => {
  await world.core.close();
});

const textOf = (parts: DiffPart[], kind: DiffPart['kind']) =>
  parts
    .filter((part) => part.kind === kind)
    .map((part) => part.text)
    .join('');

describe('listRevisions', () => {
  it('lists every revision newest first, with the name of its author', async () => {
    const { core, agent, admin } = world;
    const article = await publish(world, { title: 'Install Zoom', body: 'one' });
    await updateArticle(core, admin, article.id, { body: 'two' });
    await updateArticle(core, agent, article.id, { body: 'three', tags: ['zoom'] });
    const revisions = await listRevisions(core, agent, article.id);
    expect(revisions.map((revision) => [revision.number, revision.body, revision.authorName])).toEqual([
      [3, 'three', 'Alex Agent'],
      [2, 'two', 'Ada Admin'],
      [1, 'one', 'Alex Agent'],
    ]);
    expect(revisions[0]).toMatchObject({
      authorId: agent.id,
      tags: ['zoom'],
      categoryId: world.general.id,
      visibility: 'public',
      status: 'published',
      source: 'editor',
    });
    expect(revisions[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('gives an empty list for an unknown article', async () => {
    expect(await listRevisions(world.core, world.agent, 'nope')).toEqual([]);
  });

  it('is for agents and admins only', async () => {
    const { core, customer } = world;
    const article = await publish(world, { title: 'Install Zoom' });
    expect(await codeOf(listRevisions(core, customer, article.id))).toBe('forbidden');
    expect(await codeOf(listRevisions(core, null, article.id))).toBe('unauthenticated');
  });
});

describe('diffRevisions', () => {
  it('marks added and removed body lines and the words that changed in the title', async () => {
    const { core, agent } = world;
    const article = await publish(world, {
      title: 'Install the Zoom client',
      summary: 'For video calls.',
      body: 'Open the portal.\nClick Install.\nSign in.\n',
    });
    await updateArticle(core, agent, article.id, {
      title: 'Install the Zoom app',
      body: 'Open the portal.\nChoose Zoom and click Install.\nSign in.\n',
    });
    const diff = await diffRevisions(core, agent, article.id, 1, 2);
    expect(diff).toMatchObject({ from: 1, to: 2, changes: [] });
    expect(textOf(diff.body, 'removed')).toBe('Click Install.\n');
    expect(textOf(diff.body, 'added')).toBe('Choose Zoom and click Install.\n');
    expect(textOf(diff.body, 'same')).toBe('Open the portal.\nSign in.\n');
    expect(textOf(diff.title, 'removed')).toBe('client');
    expect(textOf(diff.title, 'added')).toBe('app');
    expect(diff.title.map((part) => part.text).join('')).toContain('Install the Zoom');
    expect(diff.summary).toEqual([{ kind: 'same', text: 'For video calls.' }]);
  });

  it('lists the other fields that changed', async () => {
    const { core, agent, admin } = world;
    const other = await createCategory(core, admin, { name: 'Other' });
    const article = await publish(world, { title: 'Install Zoom', tags: ['zoom'] });
    await updateArticle(core, agent, article.id, {
      visibility: 'internal',
      status: 'draft',
      categoryId: other.id,
      tags: ['video', 'zoom'],
    });
    const diff = await diffRevisions(core, agent, article.id, 1, 2);
    expect(diff.changes).toEqual([
      { field: 'visibility', from: 'public', to: 'internal' },
      { field: 'status', from: 'published', to: 'draft' },
      { field: 'categoryId', from: world.general.id, to: other.id },
      { field: 'tags', from: 'zoom', to: 'video, zoom' },
    ]);
  });

  it('answers not_found for a revision that does not exist', async () => {
    const article = await publish(world, { title: 'Install Zoom' });
    await expect(diffRevisions(world.core, world.agent, article.id, 1, 7)).rejects.toMatchObject({
      code: 'not_found',
      message: 'No revision 7 of this article.',
    });
  });

  it('is for agents and admins only', async () => {
    const { core, customer } = world;
    const article = await publish(world, { title: 'Install Zoom' });
    expect(await codeOf(diffRevisions(core, customer, article.id, 1, 1))).toBe('forbidden');
    expect(await codeOf(diffRevisions(core, null, article.id, 1, 1))).toBe('unauthenticated');
  });
});

describe('restoreRevision', () => {
  it('brings an old revision back as a new one, keeping the history, the current slug and visibility', async () => {
    const { core, agent, admin } = world;
    const article = await publish(world, { title: 'Install Zoom', body: 'Original steps', tags: ['zoom'] });
    await updateArticle(core, agent, article.id, {
      title: 'Install Zoom Workplace',
      slug: 'install-zoom-workplace',
      body: 'Rewritten steps',
      tags: ['video'],
    });
    const restored = await restoreRevision(core, admin, article.id, 1);
    expect(restored).toMatchObject({
      revision: 3,
      title: 'Install Zoom',
      body: 'Original steps',
      tags: ['zoom'],
      visibility: 'public',
      status: 'published',
      slug: 'install-zoom-workplace',
    });
    const revisions = await listRevisions(core, agent, article.id);
    expect(revisions.map((revision) => [revision.number, revision.source, revision.title])).toEqual([
      [3, 'restore', 'Install Zoom'],
      [2, 'editor', 'Install Zoom Workplace'],
      [1, 'editor', 'Install Zoom'],
    ]);
    expect(revisions[0]!.authorName).toBe('Ada Admin');
    await updateArticle(core, agent, article.id, { visibility: 'internal', status: 'draft' });
    await expect(restoreRevision(core, admin, article.id, 1)).resolves.toMatchObject({
      visibility: 'internal',
      status: 'draft',
    });
    await updateArticle(core, agent, article.id, { visibility: 'public', status: 'published' });
    const shown = await getArticle(core, null, 'install-zoom-workplace');
    expect(shown!.html).toContain('Original steps');
    expect(await getArticle(core, null, 'install-zoom')).toBeUndefined();
  });

  it('keeps the current category when the old one has since been deleted', async () => {
    const { core, agent, admin } = world;
    const old = await createCategory(core, admin, { name: 'Old' });
    const article = await publish(world, { title: 'Moving around', categoryId: old.id });
    await updateArticle(core, agent, article.id, { categoryId: world.general.id });
    await deleteCategory(core, admin, old.id);
    const restored = await restoreRevision(core, agent, article.id, 1);
    expect(restored).toMatchObject({ revision: 3, category: { id: world.general.id } });
  });

  it('answers not_found for an unknown revision and leaves the article alone', async () => {
    const { core, agent } = world;
    const article = await publish(world, { title: 'Install Zoom' });
    expect(await codeOf(restoreRevision(core, agent, article.id, 4))).toBe('not_found');
    expect(await revisionCount(core, article.id)).toBe(1);
  });

  it('is for agents and admins only', async () => {
    const { core, customer } = world;
    const article = await publish(world, { title: 'Install Zoom' });
    expect(await codeOf(restoreRevision(core, customer, article.id, 1))).toBe('forbidden');
    expect(await codeOf(restoreRevision(core, null, article.id, 1))).toBe('unauthenticated');
  });
});
