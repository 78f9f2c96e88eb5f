import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createUser,
  getOrganisation,
  listOrganisations,
  systemActor,
} from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

let core: TestCore;
let admin: User;
let agent: User;
let customer: User;

beforeEach(async () => {
  core = await createTestCore();
  admin = await createUser(core, systemActor, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  agent = await createUser(core, systemActor, { email: 'agent@example.org', name: 'Avery Agent', role: 'agent' });
  customer = await createUser(core, systemActor, { email: 'casey@example.org', name: 'Casey Customer' });
});

afterEach(async () => {
  await core.close();
});

describe('createOrganisation', () => {
  it('creates an organisation with its domain lower-cased', async () => {
    const acme = await createOrganisation(core, admin, { name: ' Acme Ltd ', domain: 'ACME.example' });
    expect(acme).toMatchObject({ name: 'Acme Ltd', domain: 'acme.example' });
    expect(await getOrganisation(core, agent, acme.id)).toEqual(acme);
  });

  it('allows no domain', async () => {
    expect((await createOrganisation(core, admin, { name: 'Acme' })).domain).toBeNull();
  });

  it('refuses a name that is already taken', async () => {
    await createOrganisation(core, admin, { name: 'Acme' });
    await expect(createOrganisation(core, admin, { name: 'Acme' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'An organisation with that name already exists.',
      details: { fields: { name: 'Already in use.' } },
    });
  });

  it('refuses a domain that is not one', async () => {
    await expect(
      createOrganisation(core, admin, { name: 'Acme', domain: 'https://acme.example/' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { domain: 'Enter a domain like example.org.' } },
    });
  });

  it('is for admins only', async () => {
    await expect(createOrganisation(core, agent, { name: 'Acme' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createOrganisation(core, customer, { name: 'Acme' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createOrganisation(core, null, { name: 'Acme' })).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('listOrganisations', () => {
  it('lists organisations by name with their member counts, for staff', async () => {
    const northwind = await createOrganisation(core, admin, { name: 'Northwind' });
    const acme = await createOrganisation(core, admin, { name: 'Acme' });
    await createUser(core, admin, { email: 'kim@northwind.example', name: 'Kim', organisationId: northwind.id });
    await createUser(core, admin, { email: 'lee@northwind.example', name: 'Lee', organisationId: northwind.id });
    const organisations = await listOrganisations(core, agent);
    expect(organisations.map((o) => [o.id, o.name, o.memberCount])).toEqual([
      [acme.id, 'Acme', 0],
      [northwind.id, 'Northwind', 2],
    ]);
  });

  it('is forbidden to customers', async () => {
    await expect(listOrganisations(core, customer)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('getOrganisation', () => {
  it('returns undefined for an unknown organisation and is forbidden to customers', async () => {
    expect(await getOrganisation(core, agent, 'missing')).toBeUndefined();
    const acme = await createOrganisation(core, admin, { name: 'Acme' });
    await expect(getOrganisation(core, customer, acme.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
