import { z } from 'zod';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { unknownPlaceholders } from './render.ts';
import { defaultTemplates, isTemplateKey, notificationTemplateKeys } from './templates.ts';
import type { AgentTopic, Audience, TemplateKey } from './templates.ts';

/** A template as admins see it: what is in force, the default, and the placeholders it may use. */
export interface NotificationTemplate {
  key: TemplateKey;
  audience: Audience;
  topic: AgentTopic | null;
  subject: string;
  text: string;
  defaultSubject: string;
  defaultText: string;
  placeholders: readonly string[];
  /** true when an admin's override is in force. */
  customised: boolean;
  updatedAt: Date | null;
}

export const templateInputSchema = z.object({
  subject: z.string().trim().min(1, 'Enter a subject.').max(200, 'Use at most 200 characters.'),
  text: z.string().trim().min(1, 'Enter the text.').max(10_000, 'Use at most 10,000 characters.'),
});
export type TemplateInput = z.input<typeof templateInputSchema>;

type OverrideRow = { key: string; subject: string; text: string; updated_at: string };

function toTemplate(key: TemplateKey, row: OverrideRow | undefined): NotificationTemplate {
  const base = defaultTemplates[key];
  return {
    key,
    audience: base.audience,
    topic: base.topic,
    subject: row?.subject ?? base.subject,
    text: row?.text ?? base.text,
    defaultSubject: base.subject,
    defaultText: base.text,
    placeholders: base.placeholders,
    customised: row !== undefined,
    updatedAt: row ? fromStoredTime(row.updated_at) : null,
  };
}

/** The template in force for a key (no permission check: for the mail job). */
export async function loadTemplate(db: Db, key: TemplateKey): Promise<NotificationTemplate> {
  const row = await db
    .selectFrom('notification_templates')
    .select(['key', 'subject', 'text', 'updated_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  return toTemplate(key, row);
}

export async function listNotificationTemplates(core: Core, actor: Actor | null): Promise<NotificationTemplate[]> {
  assertAdmin(actor);
  const rows = await core.db
    .selectFrom('notification_templates')
    .select(['key', 'subject', 'text', 'updated_at'])
    .execute();
  return notificationTemplateKeys.map((key) =>
    toTemplate(
      key,
      rows.find((row) => row.key === key),
    ),
  );
}

export async function getNotificationTemplate(
  core: Core,
  actor: Actor | null,
  key: string,
): Promise<NotificationTemplate | undefined> {
  assertAdmin(actor);
  return isTemplateKey(key) ? loadTemplate(core.db, key) : undefined;
}

/** Parses a template's subject and text and refuses placeholders the template may not use. */
export function checkTemplateInput(key: TemplateKey, raw: TemplateInput): { subject: string; text: string } {
  const input = parseInput(templateInputSchema, raw);
  const allowed = defaultTemplates[key].placeholders;
  const fields: Record<string, string> = {};
  const unknown: string[] = [];
  for (const field of ['subject', 'text'] as const) {
    const found = unknownPlaceholders(input[field], allowed);
    if (found.length === 0) continue;
    unknown.push(...found);
    fields[field] =
      `Unknown placeholder${found.length > 1 ? 's' : ''}: ${found.map((name) => `{{${name}}}`).join(', ')}.`;
  }
  if (unknown.length > 0) {
    throw new PorticoError('invalid_input', `Unknown placeholder: {{${unknown[0]}}}.`, {
      hint: `Use only these: ${allowed.map((name) => `{{${name}}}`).join(', ')}.`,
      details: { fields, unknown: [...new Set(unknown)], allowed: [...allowed] },
    });
  }
  return input;
}

export function templateNotFound(key: string): PorticoError {
  return new PorticoError('not_found', `No notification template "${key}".`, { hint: 'Pick one from the list.' });
}

/** Stores an admin's subject and text for a template; unknown placeholders are refused (invalid_input). */
export async function saveNotificationTemplate(
  core: Core,
  actor: Actor | null,
  key: string,
  raw: TemplateInput,
): Promise<NotificationTemplate> {
  assertAdmin(actor);
  if (!isTemplateKey(key)) throw templateNotFound(key);
  const input = checkTemplateInput(key, raw);
  const row = {
    key,
    subject: input.subject,
    text: input.text,
    updated_by_id: actor.role === 'system' ? null : actor.id,
    updated_at: nowStored(),
  };
  await core.db
    .insertInto('notification_templates')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        subject: row.subject,
        text: row.text,
        updated_by_id: row.updated_by_id,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  return toTemplate(key, row);
}

/** Drops an admin's override, so the default in code is in force again. */
export async function resetNotificationTemplate(
  core: Core,
  actor: Actor | null,
  key: string,
): Promise<NotificationTemplate> {
  assertAdmin(actor);
  if (!isTemplateKey(key)) throw templateNotFound(key);
  await core.db.deleteFrom('notification_templates').where('key', '=', key).execute();
  return toTemplate(key, undefined);
}
