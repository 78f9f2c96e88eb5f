import type { AstroGlobal } from 'astro';
import type { Role, User } from '../core/users/index.ts';

/**
 * For pages: the signed-in user when their role is allowed. Anonymous visitors are sent to sign in;
 * signed-in users without the role get a 404, so the page's existence does not leak.
 * @example
 * const guard = requirePageUser(Astro, ['agent', 'admin']);
 * if (guard instanceof Response) return guard;
 */
export function requirePageUser(astro: AstroGlobal, roles?: readonly Role[]): User | Response {
  const user = astro.locals.user;
  if (!user) {
    const next = astro.url.pathname + astro.url.search;
    return astro.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
  }
  if (roles && !roles.includes(user.role)) return new Response(null, { status: 404 });
  return user;
}

/**
 * Only same-site paths are followed after sign-in: never another host. Control characters are refused too:
 * browsers drop tabs and newlines from a Location (`/\t/evil.example` becomes `//evil.example`), and a
 * newline cannot go into a header at all.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}
