import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticateSession, completeSetup, needsSetup, signIn } from '../../../src/core/auth/index.ts';
import { getSettings } from '../../../src/core/settings/index.ts';
import { countAdmins, systemActor, updateUser } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

const meta = { userAgent: 'vitest', ip: '203.0.113.9' };
const input = {
  organisationName: 'Acme Help',
  name: 'Ada Admin',
  email: 'Ada@Acme.example',
  password: 'the first admin passphrase',
};

let core: TestCore;

beforeEach(async () => {
  core = await createTestCore();
});

afterEach(async () => {
  await core.close();
});

describe('needsSetup', () => {
  it('is true on an empty database', async () => {
    expect(await needsSetup(core)).toBe(true);
  });

  it('stays true while only customers and agents exist', async () => {
    await addUser(core, { email: 'casey@example.org' });
    await addUser(core, { email: 'avery@example.org', role: 'agent' });
    expect(await needsSetup(core)).toBe(true);
  });

  it('is false once an admin exists', async () => {
    await addUser(core, { email: 'admin@example.org', role: 'admin' });
    expect(await needsSetup(core)).toBe(false);
  });

  it('stays false because the last admin cannot be deactivated or demoted', async () => {
    const admin = await addUser(core, { email: 'admin@example.org', role: 'admin' });
    await expect(updateUser(core, systemActor, admin.id, { active: false })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(updateUser(core, systemActor, admin.id, { role: 'customer' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await needsSetup(core)).toBe(false);
  });
});

describe('completeSetup', () => {
  it('creates a verified admin, names the portal and signs the admin in', async () => {
    const signedIn = await completeSetup(core, input, meta);
    expect(signedIn.user).toMatchObject({
      email: 'ada@acme.example',
      name: 'Ada Admin',
      role: 'admin',
      emailVerified: true,
      active: true,
    });
    expect((await authenticateSession(core, signedIn.token))?.user.id).toBe(signedIn.user.id);
    expect((await getSettings(core.db)).organisationName).toBe('Acme Help');
    expect(await needsSetup(core)).toBe(false);
    await expect(signIn(core, { email: 'ada@acme.example', password: input.password }, meta)).resolves.toMatchObject({
      user: { id: signedIn.user.id },
    });
  });

  it('refuses a second time with forbidden', async () => {
    await addUser(core, { email: 'admin@example.org', role: 'admin' });
    await expect(completeSetup(core, { ...input, email: 'intruder@example.org' }, meta)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'This portal is already set up.',
      hint: 'Sign in instead.',
    });
    expect(await countAdmins(core.db)).toBe(1);
    expect((await getSettings(core.db)).organisationName).toBe('Portico');
  });

  it('lets only one of two simultaneous setups create an admin', async () => {
    const results = await Promise.allSettled([
      completeSetup(core, input, meta),
      completeSetup(core, { ...input, email: 'rival@example.org' }, meta),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: { code: 'forbidden', message: 'This portal is already set up.' },
    });
    expect(await countAdmins(core.db)).toBe(1);
  });

  it('refuses an unacceptable password and creates nothing', async () => {
    await expect(completeSetup(core, { ...input, password: 'Password123' }, meta)).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'That password is too common: it appears in lists of breached passwords.',
    });
    await expect(completeSetup(core, { ...input, password: 'ada@acme.example' }, meta)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await needsSetup(core)).toBe(true);
  });

  it('refuses missing fields with a message naming the field', async () => {
    await expect(completeSetup(core, { ...input, organisationName: ' ' }, meta)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { organisationName: 'Enter a name.' } },
    });
    await expect(completeSetup(core, { ...input, email: 'ada' }, meta)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { email: 'Enter a valid email address, like name@example.org.' } },
    });
    expect(await needsSetup(core)).toBe(true);
  });
});
