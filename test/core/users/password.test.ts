import { beforeAll, describe, expect, it } from 'vitest';
import { PorticoError } from '../../../src/core/errors.ts';
import {
  assertAcceptablePassword,
  decoyHash,
  hashPassword,
  passwordLength,
  verifyPassword,
} from '../../../src/core/users/index.ts';

const password = 'correct horse battery staple';
let stored: string;
let again: string;
let ligature: string;

beforeAll(async () => {
  // Hashed side by side: scrypt runs in the thread pool, and each hash costs ~0.5 s.
  [stored, again, ligature] = await Promise.all([
    hashPassword(password),
    hashPassword(password),
    hashPassword('\uFB01ne long passphrase'),
  ]);
});

function thrown(action: () => unknown): PorticoError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PorticoError);
    return error as PorticoError;
  }
  throw new Error('expected a PorticoError, but nothing was thrown');
}

describe('hashPassword', () => {
  it('stores scrypt with its cost, salt and key', () => {
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
    const [, , , , salt, key] = stored.split('$');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(64);
    expect(stored).not.toContain(password);
  });

  it('uses a new salt every time', () => {
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
  });
});

describe.concurrent('verifyPassword', () => {
  it('accepts the password that was hashed', async () => {
    expect(await verifyPassword(stored, password)).toBe(true);
  });

  it('refuses a wrong password', async () => {
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
  });

  it('compares passwords after Unicode NFKC normalisation', async () => {
    expect(await verifyPassword(ligature, 'fine long passphrase')).toBe(true);
  });

  it('refuses anything that is not a complete scrypt hash, without deriving', async () => {
    expect(await verifyPassword('', password)).toBe(false);
    expect(await verifyPassword('bcrypt$2b$10$abc', password)).toBe(false);
    expect(await verifyPassword('scrypt$131072$8$1$c2FsdA==', password)).toBe(false);
  });

  it('never matches the decoy hash', async () => {
    expect(decoyHash.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword(decoyHash, '')).toBe(false);
  });
});

describe('assertAcceptablePassword', () => {
  it('refuses 7 characters and accepts 8', () => {
    const error = thrown(() => assertAcceptablePassword('kqzvbnx'));
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'The password is too short.',
      hint: 'Use at least 8 characters.',
      details: { fields: { password: 'The password is too short.' } },
    });
    expect(() => assertAcceptablePassword('kqzvbnxw')).not.toThrow();
  });

  it('accepts 128 characters and refuses 129', () => {
    expect(passwordLength).toEqual({ min: 8, max: 128 });
    expect(() => assertAcceptablePassword('a'.repeat(128))).not.toThrow();
    expect(thrown(() => assertAcceptablePassword('a'.repeat(129)))).toMatchObject({
      code: 'invalid_input',
      message: 'The password is too long.',
      hint: 'Use at most 128 characters.',
    });
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(() => assertAcceptablePassword('\u{1F600}'.repeat(7))).toThrow('The password is too short.');
    expect(() => assertAcceptablePassword('\u{1F600}'.repeat(8))).not.toThrow();
  });

  it('refuses common breached passwords whatever their case', () => {
    for (const common of ['password123', 'Password123', 'PASSWORD123', '12345678', 'qwertyuiop']) {
      expect(thrown(() => assertAcceptablePassword(common))).toMatchObject({
        code: 'invalid_input',
        message: 'That password is too common: it appears in lists of breached passwords.',
        hint: 'Choose a longer phrase that is unique to this site.',
      });
    }
  });

  it('names the field it was given in the details', () => {
    expect(thrown(() => assertAcceptablePassword('short', undefined, 'newPassword')).details).toEqual({
      fields: { newPassword: 'The password is too short.' },
    });
  });

  it('refuses a password equal to the email address', () => {
    expect(thrown(() => assertAcceptablePassword('Kim@Example.org', ' kim@example.org '))).toMatchObject({
      code: 'invalid_input',
      message: 'That password is too common: it appears in lists of breached passwords.',
    });
    expect(() => assertAcceptablePassword('kim@example.org!', 'kim@example.org')).not.toThrow();
  });

  it('accepts a long, uncommon passphrase without composition rules', () => {
    expect(() => assertAcceptablePassword('all lower case words', 'kim@example.org')).not.toThrow();
  });
});
