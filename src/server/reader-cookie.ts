import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { AstroCookies } from 'astro';
import type { Core } from '../core/context.ts';

/** An anonymous reader's random id, so that "Was this helpful?" counts one vote per reader per article. */
export const readerCookieName = 'portico_reader';

const oneYearSeconds = 365 * 24 * 60 * 60;
// 32 random bytes in lower-case base32 without padding: 52 characters.
const tokenPattern = /^[a-z2-7]{52}$/;

/** The reader token the browser sent, when it is one Portico could have made; undefined otherwise. */
export function readerToken(cookies: AstroCookies): string | undefined {
  const value = cookies.get(readerCookieName)?.value;
  return value && tokenPattern.test(value) ? value : undefined;
}

/**
 * The browser's reader token, created on first use: HttpOnly, SameSite=Lax, for a year, and Secure when
 * the portal is served over https.
 * @example
 * const token = ensureReaderToken(Astro.cookies, core);
 */
export function ensureReaderToken(cookies: AstroCookies, core: Core): string {
  const existing = readerToken(cookies);
  if (existing) return existing;
  const token = encodeBase32LowerCaseNoPadding(randomBytes(32));
  cookies.set(readerCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: core.config.publicUrl.protocol === 'https:',
    maxAge: oneYearSeconds,
  });
  return token;
}
