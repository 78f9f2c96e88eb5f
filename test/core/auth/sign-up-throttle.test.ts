import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signUp, throttleLimit } from '../../../src/core/auth/index.ts';
import { createTestCore, readOutbox } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

const password = 'my own long passphrase';
let core: TestCore;

beforeEach(async () => {
  core = await createTestCore({ PORTICO_PUBLIC_URL: 'https://help.example.org' });
});

afterEach(async () => {
  await core.close();
});

describe('signUp', () => {
  it('refuses the attempt after the limit for one address with 429, taken or not, without more mail', async () => {
    await addUser(core, { email: 'kim@example.org', role: 'customer' });
    for (let attempt = 0; attempt < throttleLimit; attempt++) {
      await signUp(core, { email: 'kim@example.org', name: 'Kim', password }, `198.51.100.${attempt}`);
    }
    const sent = readOutbox(core).length;
    await expect(
      signUp(core, { email: 'kim@example.org', name: 'Kim', password }, '198.51.100.200'),
    ).rejects.toMatchObject({
      code: 'too_many_requests',
      message: 'Too many attempts. Wait 15 minutes, then try again.',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(readOutbox(core)).toHaveLength(sent);
  });

  it('refuses the attempt after the limit from one client, whatever the address', async () => {
    for (let attempt = 0; attempt < throttleLimit; attempt++) {
      await signUp(core, { email: `kim${attempt}@example.org`, name: 'Kim', password }, '203.0.113.9');
    }
    await expect(
      signUp(core, { email: 'someone.else@example.org', name: 'Someone', password }, '203.0.113.9'),
    ).rejects.toMatchObject({ code: 'too_many_requests' });
  });
});
