/** Helpers for the pages: form values in and out, the status for a problem, the note after a redirect. */
import { AnnouncementError, MANAGE } from './model.ts';
import type { Announcement, AnnouncementInput, FieldErrors } from './model.ts';
import { toDateTimeLocal } from './times.ts';

/** Where the management pages live. */
export const BASE_PATH = '/plugins/announcements/';

/** Picks the announcement's fields out of a posted form (as `readForm` returns it). */
export function inputFromForm(form: Record<string, string> | null): AnnouncementInput {
  const f = form ?? {};
  return {
    title: f['title'] ?? '',
    body: f['body'] ?? '',
    kind: f['kind'] ?? '',
    audience: f['audience'] ?? '',
    starts_at: f['starts_at'] ?? '',
    ends_at: f['ends_at'] ?? '',
  };
}

/** The form's values for an existing announcement (times as `datetime-local` values in UTC). */
export function inputFromAnnouncement(a: Announcement): AnnouncementInput {
  return {
    title: a.title,
    body: a.body,
    kind: a.kind,
    audience: a.audience,
    starts_at: toDateTimeLocal(a.starts_at),
    ends_at: toDateTimeLocal(a.ends_at),
  };
}

/** The HTTP status a page answers with for a problem. */
export function statusFor(error: AnnouncementError): number {
  return { invalid_input: 422, forbidden: 404, not_found: 404, conflict: 409 }[error.code];
}

const DONE_MESSAGES: Record<string, string> = {
  created: 'Announcement created.',
  updated: 'Announcement saved.',
  ended: 'Announcement ended.',
  deleted: 'Announcement deleted.',
};

/** The confirmation shown after a redirect (`?done=created`), or null. */
export function doneMessage(done: string | null): string | null {
  return done ? (DONE_MESSAGES[done] ?? null) : null;
}

/** Who may open the management pages: agents holding `announcements.manage` (admins always do). */
export const MANAGE_ACCESS = { role: 'agent', permission: MANAGE } as const;

/**
 * What a page shows for a problem from the functions above: a message per field, or one message when no field is
 * to blame. Sets the response's status; rethrows anything that is not an `AnnouncementError`.
 */
export function pageProblem(
  response: { status?: number },
  error: unknown,
): { errors: FieldErrors; problem: string | null } {
  if (!(error instanceof AnnouncementError)) throw error;
  response.status = statusFor(error);
  return { errors: error.fields, problem: Object.keys(error.fields).length === 0 ? error.message : null };
}
