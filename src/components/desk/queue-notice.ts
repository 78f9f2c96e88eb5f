import type { AstroCookies } from 'astro';
import type { Core } from '../../core/context.ts';

/** A message for the next queue page after a POST → 303 (a bulk change, a saved view). */
export interface QueueNotice {
  kind: 'success' | 'info' | 'error';
  title: string;
  lines: string[];
}

const cookieName = 'portico_desk_notice';
const maxLines = 10;

function options(core: Core) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/desk',
    secure: core.config.publicUrl.protocol === 'https:',
  };
}

/** Keeps the notice in a short-lived cookie, so the redirect's address stays clean and cannot be forged into a message. */
export function setQueueNotice(cookies: AstroCookies, core: Core, notice: QueueNotice): void {
  const lines = notice.lines.slice(0, maxLines).map((line) => line.slice(0, 200));
  cookies.set(cookieName, JSON.stringify({ ...notice, title: notice.title.slice(0, 300), lines }), {
    ...options(core),
    maxAge: 60,
  });
}

/** The pending notice, once: reading it clears it. */
export function takeQueueNotice(cookies: AstroCookies, core: Core): QueueNotice | null {
  const cookie = cookies.get(cookieName);
  if (!cookie) return null;
  cookies.delete(cookieName, options(core));
  try {
    const value = cookie.json() as Partial<QueueNotice>;
    if (typeof value.title !== 'string' || !['success', 'info', 'error'].includes(String(value.kind))) return null;
    const lines = Array.isArray(value.lines) ? value.lines.filter((line) => typeof line === 'string') : [];
    return { kind: value.kind as QueueNotice['kind'], title: value.title, lines };
  } catch {
    return null;
  }
}
