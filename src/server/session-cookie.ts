import type { AstroCookies } from 'astro';
import type { Core } from '../core/context.ts';

export const sessionCookieName = 'portico_session';

/** HttpOnly, SameSite=Lax, Path=/, and Secure when the portal is served over https. */
export function setSessionCookie(cookies: AstroCookies, core: Core, token: string, expiresAt: Date): void {
  cookies.set(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: core.config.publicUrl.protocol === 'https:',
    expires: expiresAt,
  });
}

export function clearSessionCookie(cookies: AstroCookies, core: Core): void {
  cookies.set(sessionCookieName, '', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: core.config.publicUrl.protocol === 'https:',
    maxAge: 0,
  });
}
