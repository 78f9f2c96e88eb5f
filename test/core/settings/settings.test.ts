import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSettings, updateSettings } from '../../../src/core/settings/index.ts';
import { createUser, systemActor } from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

const defaults = { organisationName: 'Portico', brandColor: '#1d4ed8', logoUrl: '', signupEnabled: true };

let core: TestCore;
let admin: User;
let agent: User;

beforeEach(async () => {
  core = await createTestCore();
  admin = await createUser(core, systemActor, { email: 'admin@example.org', name: 'Ada', role: 'admin' });
  agent = await createUser(core, systemActor, { email: 'agent@example.org', name: 'Avery', role: 'agent' });
});

afterEach(async () => {
  await core.close();
});

describe('getSettings', () => {
  it('returns the defaults on a fresh portal', async () => {
    expect(await getSettings(core.db)).toEqual(defaults);
  });

  it('falls back to the defaults when the stored value no longer fits the schema', async () => {
    await core.db
      .insertInto('settings')
      .values({ key: 'portal', value: JSON.stringify({ brandColor: 'red' }), updated_at: new Date().toISOString() })
      .execute();
    expect(await getSettings(core.db)).toEqual(defaults);
  });
});

describe('updateSettings', () => {
  it('stores the changes and returns every setting', async () => {
    const next = await updateSettings(core, admin, {
      organisationName: ' Acme Help ',
      brandColor: '#AA0000',
      logoUrl: 'https://acme.example/logo.svg',
      signupEnabled: false,
    });
    const expected = {
      organisationName: 'Acme Help',
      brandColor: '#AA0000',
      logoUrl: 'https://acme.example/logo.svg',
      signupEnabled: false,
    };
    expect(next).toEqual(expected);
    expect(await getSettings(core.db)).toEqual(expected);
  });

  it('lets Portico itself change settings', async () => {
    await updateSettings(core, systemActor, { signupEnabled: false });
    expect((await getSettings(core.db)).signupEnabled).toBe(false);
  });

  it('stores a single row however often it is called', async () => {
    await updateSettings(core, admin, { signupEnabled: false });
    await updateSettings(core, admin, { signupEnabled: true });
    expect(await core.db.selectFrom('settings').selectAll().execute()).toHaveLength(1);
    expect((await getSettings(core.db)).signupEnabled).toBe(true);
  });

  it('keeps the settings a patch leaves out', async () => {
    await updateSettings(core, admin, { organisationName: 'Acme IT', brandColor: '#0f766e' });
    await updateSettings(core, admin, { signupEnabled: false });
    expect(await getSettings(core.db)).toEqual({
      organisationName: 'Acme IT',
      brandColor: '#0f766e',
      logoUrl: '',
      signupEnabled: false,
    });
  });

  it('refuses invalid values with a message for people and changes nothing', async () => {
    await expect(updateSettings(core, admin, { brandColor: 'blue' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { brandColor: 'Use a colour like #1d4ed8.' } },
    });
    await expect(updateSettings(core, admin, { logoUrl: 'javascript:alert(1)' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(updateSettings(core, admin, { organisationName: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { organisationName: 'Enter a name.' } },
    });
    expect(await getSettings(core.db)).toEqual(defaults);
  });

  it('is for admins only', async () => {
    await expect(updateSettings(core, agent, { signupEnabled: false })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Only administrators can do this.',
    });
    await expect(updateSettings(core, null, { signupEnabled: false })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect((await getSettings(core.db)).signupEnabled).toBe(true);
  });
});
