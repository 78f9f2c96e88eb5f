import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRequestType,
  getRequestType,
  listRequestTypes,
  setRequestTypeActive,
  updateRequestType,
} from '../../../src/core/catalog/index.ts';
import type { RequestType, RequestTypeInput } from '../../../src/core/catalog/index.ts';
import { createGroup, systemActor } from '../../../src/core/users/index.ts';
import type { Group, User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';
import { field, form } from './fixtures.ts';

let core: TestCore;
let admin: User;
let agent: User;
let customer: User;
let desk: Group;

beforeEach(async () => {
  core = await createTestCore();
  admin = await addUser(core, { email: 'admin@example.org', role: 'admin' });
  agent = await addUser(core, { email: 'agent@example.org', role: 'agent' });
  customer = await addUser(core, { email: 'casey@example.org' });
  desk = await createGroup(core, systemActor, { name: 'Service desk' });
});

afterEach(async () => {
  await core.close();
});

function make(input: Partial<RequestTypeInput> & { name: string }): Promise<RequestType> {
  return createRequestType(core, admin, input);
}

const softwareForm = form(
  field('software', 'select', { required: true, options: ['Figma', 'Other'] }),
  field('other', 'text', { showWhen: { field: 'software', equals: 'Other' } }),
);

describe('createRequestType', () => {
  it('creates a type with a slug from the name and sensible defaults', async () => {
    const type = await make({ name: '  Request software! ', form: softwareForm });
    expect(type).toMatchObject({
      slug: 'request-software',
      name: 'Request software!',
      description: '',
      icon: 'question',
      category: 'General',
      kind: 'service_request',
      defaultGroupId: null,
      defaultPriority: 'P3',
      active: true,
      position: 0,
      form: softwareForm,
      formVersion: 1,
    });
    expect(type.createdAt).toBeInstanceOf(Date);
    expect(await getRequestType(core, admin, type.id)).toEqual(type);
  });

  it('keeps every property it is given', async () => {
    const type = await make({
      name: 'Report an incident',
      slug: 'incident',
      description: 'Something broke.',
      icon: 'alert',
      category: 'Get help',
      kind: 'incident',
      defaultGroupId: desk.id,
      defaultPriority: 'P2',
      active: false,
      position: 3,
    });
    expect(await getRequestType(core, agent, 'incident')).toEqual(type);
    expect(type).toMatchObject({ icon: 'alert', kind: 'incident', defaultGroupId: desk.id, active: false });
  });

  it('refuses a slug that is already taken, made or given', async () => {
    await make({ name: 'Access request' });
    const taken = {
      code: 'conflict',
      message: 'A request type with that address already exists.',
      hint: 'Choose another name, or set a different slug.',
      details: { fields: { slug: 'Already in use.' } },
    };
    await expect(make({ name: 'Access Request' })).rejects.toMatchObject(taken);
    await expect(make({ name: 'Other', slug: 'access-request' })).rejects.toMatchObject(taken);
    expect(await listRequestTypes(core, admin, { includeInactive: true })).toHaveLength(1);
  });

  it('refuses a default group that does not exist', async () => {
    await expect(make({ name: 'Orphan', defaultGroupId: 'nosuchgroup' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { defaultGroupId: 'Choose one of the groups.' } },
    });
  });

  it('refuses unknown kinds, priorities and icons, and bad forms, with a message per field', async () => {
    await expect(
      createRequestType(core, admin, {
        name: 'Bad',
        kind: 'question' as never,
        defaultPriority: 'P5' as never,
        icon: 'rocket' as never,
        form: form(field('a', 'select')),
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: {
        fields: {
          kind: 'Choose incident, service request, problem or change.',
          defaultPriority: 'Choose a priority from P1 to P4.',
          icon: 'Choose one of the icons.',
          'form.fields.0.options': 'Add at least one option.',
        },
      },
    });
  });

  it('is for admins only', async () => {
    await expect(createRequestType(core, agent, { name: 'Nope' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createRequestType(core, customer, { name: 'Nope' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createRequestType(core, null, { name: 'Nope' })).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('listRequestTypes', () => {
  it('orders the catalog by category, then position, then name', async () => {
    await make({ name: 'Zebra', category: 'B' });
    await make({ name: 'Alpha', category: 'B', position: 1 });
    await make({ name: 'Beta', category: 'B' });
    await make({ name: 'Gamma', category: 'A', position: 9 });
    const names = (await listRequestTypes(core, null)).map((type) => type.name);
    expect(names).toEqual(['Gamma', 'Beta', 'Zebra', 'Alpha']);
  });

  it('shows everyone, even anonymous visitors, only the active types', async () => {
    await make({ name: 'Open' });
    await make({ name: 'Withdrawn', active: false });
    for (const actor of [null, customer, agent, admin]) {
      expect((await listRequestTypes(core, actor)).map((type) => type.name)).toEqual(['Open']);
    }
  });

  it('lists inactive types too for staff who ask, and refuses the others', async () => {
    await make({ name: 'Open' });
    await make({ name: 'Withdrawn', active: false });
    for (const actor of [agent, admin]) {
      expect(await listRequestTypes(core, actor, { includeInactive: true })).toHaveLength(2);
    }
    await expect(listRequestTypes(core, customer, { includeInactive: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(listRequestTypes(core, null, { includeInactive: true })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });
});

describe('getRequestType', () => {
  it('finds a type by id or by slug, and gives undefined for an unknown one', async () => {
    const type = await make({ name: 'Access request' });
    expect(await getRequestType(core, null, type.id)).toEqual(type);
    expect(await getRequestType(core, customer, 'access-request')).toEqual(type);
    expect(await getRequestType(core, admin, 'no-such-type')).toBeUndefined();
  });

  it('shows an inactive type only to staff', async () => {
    const type = await make({ name: 'Withdrawn', active: false });
    expect(await getRequestType(core, null, type.id)).toBeUndefined();
    expect(await getRequestType(core, customer, type.slug)).toBeUndefined();
    expect(await getRequestType(core, agent, type.slug)).toEqual(type);
  });
});

describe('updateRequestType', () => {
  it('changes what the patch names and keeps the rest, slug included', async () => {
    const type = await make({ name: 'Access request', icon: 'key', form: softwareForm });
    const updated = await updateRequestType(core, admin, type.id, {
      name: 'Access to a system',
      defaultGroupId: desk.id,
      defaultPriority: 'P2',
      category: 'Accounts',
    });
    expect(updated).toMatchObject({
      id: type.id,
      slug: 'access-request',
      name: 'Access to a system',
      icon: 'key',
      defaultGroupId: desk.id,
      defaultPriority: 'P2',
      category: 'Accounts',
      form: softwareForm,
      formVersion: 1,
    });
    expect(await getRequestType(core, admin, type.id)).toEqual(updated);
  });

  it('bumps the form version when the form changes, and only then', async () => {
    const type = await make({ name: 'Request software', form: softwareForm });
    const same = await updateRequestType(core, admin, type.id, { form: softwareForm, description: 'Apps' });
    expect(same.formVersion).toBe(1);
    const changed = await updateRequestType(core, admin, type.id, {
      form: form(...softwareForm.fields, field('licences', 'number', { min: 1, max: 50 })),
    });
    expect(changed.formVersion).toBe(2);
    expect(changed.form.fields.map((f) => f.id)).toEqual(['software', 'other', 'licences']);
    expect((await getRequestType(core, admin, type.id))?.formVersion).toBe(2);
  });

  it('refuses a slug another type has, and a missing group', async () => {
    await make({ name: 'First' });
    const second = await make({ name: 'Second' });
    await expect(updateRequestType(core, admin, second.id, { slug: 'first' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      updateRequestType(core, admin, second.id, { slug: 'second', name: 'Still second' }),
    ).resolves.toMatchObject({ slug: 'second' });
    await expect(updateRequestType(core, admin, second.id, { defaultGroupId: 'gone' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('refuses an invalid form and properties it does not know', async () => {
    const type = await make({ name: 'Request software' });
    await expect(
      updateRequestType(core, admin, type.id, {
        form: form(field('a', 'text', { showWhen: { field: 'b', equals: 'x' } }), field('b', 'text')),
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { 'form.fields.0.showWhen.field': 'Choose a field that comes before this one.' } },
    });
    await expect(updateRequestType(core, admin, type.id, { formVersion: 9 } as never)).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('says when there is no such type', async () => {
    await expect(updateRequestType(core, admin, 'nope', { name: 'X' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'No such request type.',
    });
  });

  it('is for admins only', async () => {
    const type = await make({ name: 'Request software' });
    for (const actor of [agent, customer]) {
      await expect(updateRequestType(core, actor, type.id, { name: 'Mine' })).rejects.toMatchObject({
        code: 'forbidden',
      });
    }
    expect((await getRequestType(core, admin, type.id))?.name).toBe('Request software');
  });
});

describe('setRequestTypeActive', () => {
  it('withdraws a type from the catalog and brings it back', async () => {
    const type = await make({ name: 'Seasonal' });
    expect(await setRequestTypeActive(core, admin, type.id, false)).toMatchObject({ active: false, formVersion: 1 });
    expect(await listRequestTypes(core, null)).toEqual([]);
    expect(await setRequestTypeActive(core, admin, type.id, true)).toMatchObject({ active: true });
    expect(await listRequestTypes(core, null)).toHaveLength(1);
  });

  it('is for admins only and says when there is no such type', async () => {
    const type = await make({ name: 'Seasonal' });
    await expect(setRequestTypeActive(core, agent, type.id, false)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setRequestTypeActive(core, admin, 'nope', false)).rejects.toMatchObject({ code: 'not_found' });
  });
});
