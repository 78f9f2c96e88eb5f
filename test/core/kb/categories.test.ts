import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCategory,
  deleteCategory,
  getCategoryBySlug,
  listCategories,
  updateCategory,
} from '../../../src/core/kb/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { codeOf, createKbWorld, publish } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;

beforeEach(async () => {
  world = await createKbWorld();
});

afterEach(async () => {
  await world.core.close();
});

describe('listCategories', () => {
  it('counts only the articles the actor may read', async () => {
    const { core, customer, agent, admin } = world;
    const billing = await createCategory(core, admin, { name: 'Billing' });
    await publish(world, { title: 'Download an invoice', categoryId: billing.id });
    await publish(world, { title: 'Refund approval steps', categoryId: billing.id, visibility: 'internal' });
    await publish(world, { title: 'New pricing (coming soon)', categoryId: billing.id, status: 'draft' });
    await publish(world, { title: 'Internal draft', categoryId: billing.id, status: 'draft', visibility: 'internal' });

    const countFor = async (actor: Parameters<typeof listCategories>[1]) =>
      (await listCategories(core, actor)).find((category) => category.id === billing.id)?.articleCount;
    expect(await countFor(null)).toBe(1);
    expect(await countFor(customer)).toBe(1);
    expect(await countFor(agent)).toBe(4);
    expect(await countFor(admin)).toBe(4);
  });

  it('lists every category, empty ones with a count of zero, in position then name order', async () => {
    const { core, admin } = world;
    await createCategory(core, admin, { name: 'Zebra', position: 0 });
    await createCategory(core, admin, { name: 'Last', position: 9 });
    const categories = await listCategories(core, null);
    expect(categories.map((category) => [category.name, category.articleCount])).toEqual([
      ['General', 0],
      ['Zebra', 0],
      ['Last', 0],
    ]);
  });

  it('shows a section with the id of its category', async () => {
    const { core, admin, general } = world;
    const section = await createCategory(core, admin, { name: 'Laptops', parentId: general.id });
    const listed = (await listCategories(core, null)).find((category) => category.id === section.id);
    expect(listed).toMatchObject({ slug: 'laptops', parentId: general.id, articleCount: 0 });
  });
});

describe('getCategoryBySlug', () => {
  it('finds a category by its slug and gives undefined for an unknown one', async () => {
    const { core, general } = world;
    expect(await getCategoryBySlug(core, 'general')).toEqual(general);
    expect(await getCategoryBySlug(core, 'nothing-here')).toBeUndefined();
  });
});

describe('createCategory', () => {
  it('makes the slug from the name and trims the name', async () => {
    const category = await createCategory(world.core, world.admin, {
      name: '  Network & VPN  ',
      description: 'Getting online',
    });
    expect(category).toMatchObject({
      name: 'Network & VPN',
      slug: 'network-vpn',
      description: 'Getting online',
      parentId: null,
      position: 0,
    });
  });

  it('takes an explicit slug', async () => {
    const category = await createCategory(world.core, world.admin, { name: 'Network', slug: 'net' });
    expect(category.slug).toBe('net');
  });

  it('creates a section under a top-level category', async () => {
    const { core, admin, general } = world;
    const section = await createCategory(core, admin, { name: 'Printers', parentId: general.id });
    expect(section.parentId).toBe(general.id);
  });

  it('refuses a section inside a section: categories nest one level only', async () => {
    const { core, admin, general } = world;
    const section = await createCategory(core, admin, { name: 'Printers', parentId: general.id });
    await expect(createCategory(core, admin, { name: 'Laser printers', parentId: section.id })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Categories nest one level: a section cannot hold sections.',
      details: { fields: { parentId: 'Choose a top-level category.' } },
    });
  });

  it('refuses a parent that does not exist', async () => {
    await expect(createCategory(world.core, world.admin, { name: 'Orphan', parentId: 'nope' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { parentId: 'No such category.' } },
    });
  });

  it('refuses a slug another category already has', async () => {
    const { core, admin } = world;
    await expect(createCategory(core, admin, { name: 'General' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A category with that address already exists.',
      details: { fields: { slug: 'Already in use.' } },
    });
    await expect(createCategory(core, admin, { name: 'Other', slug: 'general' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await listCategories(core, admin)).toHaveLength(1);
  });

  it('refuses an empty name and a malformed slug', async () => {
    const { core, admin } = world;
    await expect(createCategory(core, admin, { name: '   ' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { name: 'Enter a name.' } },
    });
    await expect(createCategory(core, admin, { name: 'Bad', slug: 'Not a slug!' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { slug: 'Use lower-case letters, digits and hyphens, like reset-your-password.' } },
    });
  });

  it('is for admins only', async () => {
    const { core, agent, customer } = world;
    expect(await codeOf(createCategory(core, agent, { name: 'Agents cannot' }))).toBe('forbidden');
    expect(await codeOf(createCategory(core, customer, { name: 'Customers cannot' }))).toBe('forbidden');
    expect(await codeOf(createCategory(core, null, { name: 'Visitors cannot' }))).toBe('unauthenticated');
    expect(await createCategory(core, systemActor, { name: 'Portico can' })).toMatchObject({ slug: 'portico-can' });
  });
});

describe('updateCategory', () => {
  it('renames a category and keeps its own slug available to itself', async () => {
    const { core, admin, general } = world;
    const updated = await updateCategory(core, admin, general.id, {
      name: 'General help',
      slug: 'general',
      position: 3,
    });
    expect(updated).toMatchObject({ id: general.id, name: 'General help', slug: 'general', position: 3 });
    expect(await getCategoryBySlug(core, 'general')).toEqual(updated);
  });

  it('refuses the slug of another category', async () => {
    const { core, admin, general } = world;
    const billing = await createCategory(core, admin, { name: 'Billing' });
    expect(await codeOf(updateCategory(core, admin, billing.id, { name: 'Billing', slug: general.slug }))).toBe(
      'conflict',
    );
  });

  it('refuses to make a category its own parent or a section of a section', async () => {
    const { core, admin, general } = world;
    expect(await codeOf(updateCategory(core, admin, general.id, { name: 'General', parentId: general.id }))).toBe(
      'invalid_input',
    );
    const section = await createCategory(core, admin, { name: 'Printers', parentId: general.id });
    const other = await createCategory(core, admin, { name: 'Other' });
    await expect(updateCategory(core, admin, other.id, { name: 'Other', parentId: section.id })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Categories nest one level: a section cannot hold sections.',
    });
  });

  it('refuses to move a category that holds sections under another category', async () => {
    const { core, admin, general } = world;
    await createCategory(core, admin, { name: 'Printers', parentId: general.id });
    const other = await createCategory(core, admin, { name: 'Other' });
    await expect(
      updateCategory(core, admin, general.id, { name: general.name, slug: general.slug, parentId: other.id }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { parentId: 'Categories nest one level only.' } },
    });
  });

  it('answers not_found for an unknown category', async () => {
    expect(await codeOf(updateCategory(world.core, world.admin, 'nope', { name: 'Ghost' }))).toBe('not_found');
  });

  it('is for admins only', async () => {
    const { core, agent, customer, general } = world;
    expect(await codeOf(updateCategory(core, agent, general.id, { name: 'Mine' }))).toBe('forbidden');
    expect(await codeOf(updateCategory(core, customer, general.id, { name: 'Mine' }))).toBe('forbidden');
    expect(await codeOf(updateCategory(core, null, general.id, { name: 'Mine' }))).toBe('unauthenticated');
  });
});

describe('deleteCategory', () => {
  it('deletes an empty category', async () => {
    const { core, admin } = world;
    const empty = await createCategory(core, admin, { name: 'Empty' });
    await deleteCategory(core, admin, empty.id);
    expect(await getCategoryBySlug(core, 'empty')).toBeUndefined();
  });

  it('refuses a category that still holds articles, even ones only staff can see', async () => {
    const { core, admin, general } = world;
    await publish(world, { title: 'Draft only agents see', status: 'draft', visibility: 'internal' });
    await expect(deleteCategory(core, admin, general.id)).rejects.toMatchObject({
      code: 'conflict',
      message: 'This category still holds articles or sections.',
      hint: 'Move them to another category first.',
    });
    expect(await getCategoryBySlug(core, 'general')).toBeDefined();
  });

  it('refuses a category that still holds sections', async () => {
    const { core, admin, general } = world;
    await createCategory(core, admin, { name: 'Printers', parentId: general.id });
    expect(await codeOf(deleteCategory(core, admin, general.id))).toBe('conflict');
  });

  it('answers not_found for an unknown category', async () => {
    expect(await codeOf(deleteCategory(world.core, world.admin, 'nope'))).toBe('not_found');
  });

  it('is for admins only', async () => {
    const { core, agent, customer, admin } = world;
    const empty = await createCategory(core, admin, { name: 'Empty' });
    expect(await codeOf(deleteCategory(core, agent, empty.id))).toBe('forbidden');
    expect(await codeOf(deleteCategory(core, customer, empty.id))).toBe('forbidden');
    expect(await codeOf(deleteCategory(core, null, empty.id))).toBe('unauthenticated');
    expect(await getCategoryBySlug(core, 'empty')).toBeDefined();
  });
});
