import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import { PorticoError } from '../errors.ts';
import { isCommonPassword } from './common-passwords.ts';

/** OWASP's scrypt recommendation: N=2^17, r=8, p=1 (128 MiB, about 0.4 s here). */
const cost = { N: 2 ** 17, r: 8, p: 1 } as const;
const keyLength = 64;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 512 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password as `scrypt$N$r$p$salt$key` (base64), so the cost can rise without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no password matches, verified against unknown accounts so that they take as long as known ones. */
export const decoyHash = `scrypt$${cost.N}$${cost.r}$${cost.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(keyLength).toString('base64')}`;

export const passwordLength = { min: 8, max: 128 } as const;

/**
 * NIST 800-63B rules: 8–128 characters, no composition rules, common breached passwords refused.
 * Throws a PorticoError (`invalid_input`, naming `field`) when the password is not acceptable.
 */
export function assertAcceptablePassword(password: string, email?: string, field = 'password'): void {
  const length = [...password].length;
  const fail = (message: string, hint: string) => {
    throw new PorticoError('invalid_input', message, { hint, details: { fields: { [field]: message } } });
  };
  if (length < passwordLength.min) fail('The password is too short.', 'Use at least 8 characters.');
  if (length > passwordLength.max) fail('The password is too long.', 'Use at most 128 characters.');
  const lowered = password.toLowerCase();
  if (isCommonPassword(lowered) || (email && lowered === email.trim().toLowerCase())) {
    fail(
      'That password is too common: it appears in lists of breached passwords.',
      'Choose a longer phrase that is unique to this site.',
    );
  }
}
