/**
 * Announcements: banners for planned maintenance and ongoing incidents.
 *
 * Plain functions taking the plugin's context first. Pages and the home panel stay thin and call these.
 * Every time is an ISO 8601 string in UTC (`2026-11-24T18:00:00.000Z`), so comparing strings compares times.
 */
import type { PluginContext, PortalUser } from 'portico/plugin-api';
import { settings as settingsSchema } from './settings.ts';
import type { AnnouncementSettings } from './settings.ts';

declare module 'portico/plugin-api' {
  interface PluginDatabase {
    plugin_announcements_items: AnnouncementRow;
  }
}

export const KINDS = ['incident', 'maintenance', 'info'] as const;
export const AUDIENCES = ['everyone', 'signed-in', 'staff'] as const;
export type Kind = (typeof KINDS)[number];
export type Audience = (typeof AUDIENCES)[number];

export const MANAGE = 'announcements.manage';
export const TITLE_MAX = 120;
export const BODY_MAX = 2000;
/** The cleanup job deletes announcements that ended more than this many days ago. */
export const RETENTION_DAYS = 90;

export const KIND_LABELS: Record<Kind, string> = {
  incident: 'Incident',
  maintenance: 'Maintenance',
  info: 'Information',
};
export const AUDIENCE_LABELS: Record<Audience, string> = {
  everyone: 'Everyone, including visitors who are not signed in',
  'signed-in': 'Signed-in people',
  staff: 'Staff (agents and admins)',
};

export interface AnnouncementRow {
  id: string;
  title: string;
  body: string;
  kind: Kind;
  audience: Audience;
  starts_at: string;
  ends_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type Announcement = AnnouncementRow;

/** What a form posts: every value a string, as typed. `datetime-local` values are read as UTC. */
export interface AnnouncementInput {
  title?: string;
  body?: string;
  kind?: string;
  audience?: string;
  starts_at?: string;
  ends_at?: string;
}

export type FieldErrors = Partial<Record<keyof AnnouncementInput, string>>;

/** A problem a person can fix: `fields` holds one message per form field. */
export class AnnouncementError extends Error {
  readonly code: 'invalid_input' | 'forbidden' | 'not_found' | 'conflict';
  readonly fields: FieldErrors;

  constructor(code: AnnouncementError['code'], message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = 'AnnouncementError';
    this.code = code;
    this.fields = fields;
  }
}

// The context as pages get it (settings typed) or as tests get it (settings untyped): both work.
type Ctx = PluginContext<AnnouncementSettings> | PluginContext;

const DAY_MS = 24 * 60 * 60 * 1000;

function readSettings(ctx: Ctx): AnnouncementSettings {
  const parsed = settingsSchema.safeParse(ctx.settings ?? {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

// ---------------------------------------------------------------------------------------------------------
// Times

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * Reads a `datetime-local` value (`2026-11-24T18:00`) as a UTC time. Also takes a full ISO string with `Z`.
 * Returns null for anything that is not a real date and time.
 */
export function parseUtcDateTime(value: string): Date | null {
  const text = value.trim().replace(/Z$/i, '');
  const m = LOCAL_DATETIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over to March: refuse dates that do not exist.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  return date;
}

/** The value for a `datetime-local` input showing this UTC time: `2026-11-24T18:00`. */
export function toDateTimeLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 16);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `24 Nov 2026, 18:00 UTC` */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * The window as the home page states it: "Until 24 Nov 2026, 18:00 UTC" for what is on now,
 * "From 24 Nov 2026, 18:00 UTC until 25 Nov 2026, 02:00 UTC" for what is planned.
 */
export function describeWindow(a: Pick<Announcement, 'starts_at' | 'ends_at'>, now: Date = new Date()): string {
  const nowIso = now.toISOString();
  if (a.starts_at > nowIso) {
    return a.ends_at
      ? `From ${formatUtc(a.starts_at)} until ${formatUtc(a.ends_at)}`
      : `From ${formatUtc(a.starts_at)}`;
  }
  if (a.ends_at && a.ends_at <= nowIso) return `Ended ${formatUtc(a.ends_at)}`;
  return a.ends_at ? `Until ${formatUtc(a.ends_at)}` : `Since ${formatUtc(a.starts_at)}, until further notice`;
}

export type Status = 'current' | 'upcoming' | 'past';

export function statusOf(a: Pick<Announcement, 'starts_at' | 'ends_at'>, now: Date = new Date()): Status {
  const nowIso = now.toISOString();
  if (a.starts_at > nowIso) return 'upcoming';
  if (a.ends_at !== null && a.ends_at <= nowIso) return 'past';
  return 'current';
}

// ---------------------------------------------------------------------------------------------------------
// Validation

export interface ValidAnnouncement {
  title: string;
  body: string;
  kind: Kind;
  audience: Audience;
  starts_at: string;
  ends_at: string | null;
}

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

// ---------------------------------------------------------------------------------------------------------
// Permissions

export async function canManage(ctx: Ctx, user: PortalUser | null): Promise<boolean> {
  if (!user || !user.active) return false;
  return ctx.can(user, MANAGE);
}

async function assertCanManage(ctx: Ctx, user: PortalUser | null): Promise<PortalUser> {
  if (!user || !(await canManage(ctx, user))) {
    throw new AnnouncementError('forbidden', 'You do not have permission to manage announcements.');
  }
  return user;
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export async function getAnnouncement(ctx: Ctx, id: string): Promise<Announcement | undefined> {
  return ctx.db.selectFrom('plugin_announcements_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ManagementList {
  current: Announcement[];
  upcoming: Announcement[];
  past: Announcement[];
}

/** Everything, for the management page: current and upcoming soonest first, past most recent first. */
export async function listForManagement(
  ctx: Ctx,
  user: PortalUser | null,
  now: Date = new Date(),
): Promise<ManagementList> {
  await assertCanManage(ctx, user);
  const rows = await ctx.db.selectFrom('plugin_announcements_items').selectAll().execute();
  const list: ManagementList = { current: [], upcoming: [], past: [] };
  for (const row of rows) list[statusOf(row, now)].push(row);
  list.current.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || b.starts_at.localeCompare(a.starts_at));
  list.upcoming.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  list.past.sort((a, b) => (b.ends_at ?? '').localeCompare(a.ends_at ?? ''));
  return list;
}

/** Whether this viewer belongs to the announcement's audience. Anonymous visitors are `null`. */
export function isInAudience(audience: Audience, viewer: PortalUser | null): boolean {
  switch (audience) {
    case 'everyone':
      return true;
    case 'signed-in':
      return viewer !== null;
    case 'staff':
      return viewer !== null && (viewer.role === 'agent' || viewer.role === 'admin');
    default:
      return false;
  }
}

function kindRank(kind: Kind): number {
  const rank = KINDS.indexOf(kind);
  return rank === -1 ? KINDS.length : rank;
}

export interface HomeAnnouncements {
  /** On now, for this viewer: incidents, then maintenance, then information; newest first within a kind. */
  active: Announcement[];
  /** How many more were on now but left out by `maxShown`. */
  moreActive: number;
  /** Maintenance starting within `showUpcomingDays`, soonest first. */
  planned: Announcement[];
}

/** What the portal home shows this viewer now. */
export async function homeAnnouncements(
  ctx: Ctx,
  viewer: PortalUser | null,
  now: Date = new Date(),
): Promise<HomeAnnouncements> {
  const { maxShown, showUpcomingDays } = readSettings(ctx);
  const nowIso = now.toISOString();
  const horizonIso = new Date(now.getTime() + showUpcomingDays * DAY_MS).toISOString();

  const rows = await ctx.db
    .selectFrom('plugin_announcements_items')
    .selectAll()
    .where('starts_at', '<=', horizonIso)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', nowIso)]))
    .execute();
  const visible = rows.filter((row) => isInAudience(row.audience, viewer));

  const active = visible
    .filter((row) => row.starts_at <= nowIso)
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || b.starts_at.localeCompare(a.starts_at));
  const planned =
    showUpcomingDays > 0
      ? visible
          .filter((row) => row.starts_at > nowIso && row.kind === 'maintenance')
          .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
          .slice(0, maxShown)
      : [];
  return { active: active.slice(0, maxShown), moreActive: Math.max(0, active.length - maxShown), planned };
}

// ---------------------------------------------------------------------------------------------------------
// Writing

export async function createAnnouncement(
  ctx: Ctx,
  user: PortalUser | null,
  input: AnnouncementInput,
  now: Date = new Date(),
): Promise<Announcement> {
  const author = await assertCanManage(ctx, user);
  const valid = validateAnnouncement(input);
  const stamp = now.toISOString();
  const row: Announcement = {
    id: crypto.randomUUID(),
    ...valid,
    created_by: author.id,
    created_at: stamp,
    updated_at: stamp,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('plugin_announcements_items').values(row).execute();
  });
  ctx.log.info({ announcementId: row.id, kind: row.kind }, 'announcement created');
  return row;
}

export async function updateAnnouncement(
  ctx: Ctx,
  user: PortalUser | null,
  id: string,
  input: AnnouncementInput,
  now: Date = new Date(),
): Promise<Announcement> {
  await assertCanManage(ctx, user);
  const valid = validateAnnouncement(input);
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('plugin_announcements_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!existing) return undefined;
    const next: Announcement = { ...existing, ...valid, updated_at: now.toISOString() };
    await trx
      .updateTable('plugin_announcements_items')
      .set({ ...valid, updated_at: next.updated_at })
      .where('id', '=', id)
      .execute();
    return next;
  });
  if (!updated) throw new AnnouncementError('not_found', 'That announcement no longer exists.');
  return updated;
}

/** Ends a current announcement now. An upcoming one cannot be ended: delete it instead. */
export async function endAnnouncement(
  ctx: Ctx,
  user: PortalUser | null,
  id: string,
  now: Date = new Date(),
): Promise<Announcement> {
  await assertCanManage(ctx, user);
  const stamp = now.toISOString();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('plugin_announcements_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!existing) return { error: 'not_found' as const };
    const status = statusOf(existing, now);
    if (status === 'upcoming') return { error: 'upcoming' as const };
    if (status === 'past') return { row: existing };
    await trx
      .updateTable('plugin_announcements_items')
      .set({ ends_at: stamp, updated_at: stamp })
      .where('id', '=', id)
      .execute();
    return { row: { ...existing, ends_at: stamp, updated_at: stamp } };
  });
  if ('error' in result) {
    if (result.error === 'not_found') throw new AnnouncementError('not_found', 'That announcement no longer exists.');
    throw new AnnouncementError('conflict', 'It has not started yet, so it cannot be ended. Delete it instead.');
  }
  return result.row;
}

export async function deleteAnnouncement(ctx: Ctx, user: PortalUser | null, id: string): Promise<void> {
  await assertCanManage(ctx, user);
  const result = await ctx.db
    .transaction()
    .execute(async (trx) => trx.deleteFrom('plugin_announcements_items').where('id', '=', id).executeTakeFirst());
  if (Number(result.numDeletedRows) === 0) {
    throw new AnnouncementError('not_found', 'That announcement no longer exists.');
  }
}

/**
 * The `expire` job: deletes announcements that ended more than `RETENTION_DAYS` days before `now`.
 * Announcements stop showing by their time window alone; this only keeps the table small.
 * Idempotent: running it twice for the same slot deletes nothing more. Returns how many it deleted.
 */
export async function purgeEnded(ctx: Ctx, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * DAY_MS).toISOString();
  const result = await ctx.db
    .transaction()
    .execute(async (trx) =>
      trx
        .deleteFrom('plugin_announcements_items')
        .where('ends_at', 'is not', null)
        .where('ends_at', '<', cutoff)
        .executeTakeFirst(),
    );
  const deleted = Number(result.numDeletedRows);
  if (deleted > 0) ctx.log.info({ deleted, cutoff }, 'deleted announcements that ended long ago');
  return deleted;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers for the pages

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
