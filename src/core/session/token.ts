import { randomBytes } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** A random token of 32 bytes (256 bits), base32: what goes into a cookie, a link or an API header. */
export function generateToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(32));
}

/** The SHA-256 of a token, hex: all that is ever stored. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
