/** Checking what a form posts. */
import { AUDIENCES, AnnouncementError, BODY_MAX, KINDS, TITLE_MAX } from './model.ts';
import type { AnnouncementInput, AnnouncementRow, Audience, FieldErrors, Kind } from './model.ts';
import { parseUtcDateTime } from './times.ts';

/** What a checked form holds: the announcement's own fields, as stored. */
export type ValidAnnouncement = Pick<AnnouncementRow, 'title' | 'body' | 'kind' | 'audience' | 'starts_at' | 'ends_at'>;

const isKind = (v: string): v is Kind => (KINDS as readonly string[]).includes(v);
const isAudience = (v: string): v is Audience => (AUDIENCES as readonly string[]).includes(v);

/** Checks a posted form; throws an `AnnouncementError('invalid_input')` with a message per field. */
export function validateAnnouncement(input: AnnouncementInput): ValidAnnouncement {
  const fields: FieldErrors = {};
  const title = (input.title ?? '').trim();
  // Normalise line breaks so the length a person sees is the length we count.
  const body = (input.body ?? '').replace(/\r\n?/g, '\n').trim();
  const kind = (input.kind ?? '').trim();
  const audience = (input.audience ?? '').trim();
  const startsText = (input.starts_at ?? '').trim();
  const endsText = (input.ends_at ?? '').trim();

  if (title.length === 0) fields.title = 'Give the announcement a title.';
  else if (title.length > TITLE_MAX) {
    fields.title = `Keep the title to ${TITLE_MAX} characters or fewer (it has ${title.length}).`;
  }

  if (body.length > BODY_MAX) {
    fields.body = `Keep the text to ${BODY_MAX.toLocaleString('en')} characters or fewer (it has ${body.length.toLocaleString('en')}).`;
  }

  if (!isKind(kind)) fields.kind = 'Choose a kind: incident, maintenance or information.';
  if (!isAudience(audience)) fields.audience = 'Choose who sees the announcement.';

  let starts: Date | null = null;
  if (startsText.length === 0) fields.starts_at = 'Give the date and time it starts.';
  else {
    starts = parseUtcDateTime(startsText);
    if (!starts) fields.starts_at = 'Give the start as a date and time in UTC, such as 2026-11-24T18:00.';
  }

  let ends: Date | null = null;
  if (endsText.length > 0) {
    ends = parseUtcDateTime(endsText);
    if (!ends) fields.ends_at = 'Give the end as a date and time in UTC, such as 2026-11-24T20:00, or leave it empty.';
    else if (starts && ends.getTime() <= starts.getTime()) fields.ends_at = 'The end must be after the start.';
  }

  if (Object.keys(fields).length > 0 || !starts || !isKind(kind) || !isAudience(audience)) {
    throw new AnnouncementError('invalid_input', 'Check the highlighted fields.', fields);
  }
  return {
    title,
    body,
    kind,
    audience,
    starts_at: starts.toISOString(),
    ends_at: ends ? ends.toISOString() : null,
  };
}
