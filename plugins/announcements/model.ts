/**
 * Announcements: banners for planned maintenance and ongoing incidents. This file holds the model: the table,
 * kinds and audiences, limits, the error pages show and the settings as the functions read them.
 * Every time is an ISO 8601 string in UTC (`2026-11-24T18:00:00.000Z`), so comparing strings compares times.
 */
import type { PluginContext } from 'portico/plugin-api';
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
export type Ctx = PluginContext<AnnouncementSettings> | PluginContext;

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The settings as saved, or the defaults where they do not parse. */
export function readSettings(ctx: Ctx): AnnouncementSettings {
  const parsed = settingsSchema.safeParse(ctx.settings ?? {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

/** The error for an announcement that was deleted meanwhile. */
export function notFound(): AnnouncementError {
  return new AnnouncementError('not_found', 'That announcement no longer exists.');
}
