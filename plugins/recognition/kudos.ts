import type { PortalUser } from 'portico/plugin-api';
import { pointsText, RecognitionError } from './errors.ts';
import { isStaff, namesOf, newId, staffMembers } from './people.ts';
import { givenInMonth, recordPoints, throwIfAny } from './points.ts';
import type { RecognitionContext } from './settings.ts';

/** The badges a kudos can carry: a small fixed set, so they mean the same to everybody. */
export const badgeChoices = [
  { id: 'team-player', label: 'Team player' },
  { id: 'above-and-beyond', label: 'Above and beyond' },
  { id: 'customer-hero', label: 'Customer hero' },
  { id: 'problem-solver', label: 'Problem solver' },
  { id: 'mentor', label: 'Mentor' },
] as const;

export type BadgeId = (typeof badgeChoices)[number]['id'];

export function badgeLabel(id: string | null): string | null {
  return badgeChoices.find((badge) => badge.id === id)?.label ?? null;
}

export const messageMaxLength = 500;

export interface KudosInput {
  /** The colleague's user id. */
  to: string;
  message: string;
  /** Points from the giver's allowance; empty or 0 for none. */
  points?: number | string | undefined;
  /** A badge id, or empty for none. */
  badge?: string | null | undefined;
}

export interface Kudos {
  id: string;
  fromId: string;
  fromName: string;
  toId: string;
  toName: string;
  message: string;
  points: number;
  /** The badge's label, or null. */
  badge: string | null;
  createdAt: Date;
}

function pointsOf(value: KudosInput['points']): number {
  if (value === undefined || value === '') return 0;
  return typeof value === 'number' ? value : Number(value.trim() || '0');
}

/**
 * Thanks a colleague: a message, optionally points from the giver's monthly allowance (credited to the
 * colleague's balance) and a badge. Staff only, never to oneself.
 * @throws RecognitionError invalid_input naming the field at fault; over the allowance, saying what is left.
 */
export async function giveKudos(
  ctx: RecognitionContext,
  giver: PortalUser,
  input: KudosInput,
  now = new Date(),
): Promise<Kudos> {
  if (!isStaff(giver)) throw new RecognitionError('forbidden', 'Only staff members can give kudos.');
  const fields: Record<string, string> = {};
  const to = input.to.trim();
  if (to === giver.id) {
    fields['to'] = 'You cannot give kudos to yourself; choose a colleague.';
  } else {
    const recipient = to ? await ctx.core.users.get(to) : undefined;
    if (!isStaff(recipient)) fields['to'] = 'Choose a colleague on the staff to thank.';
  }
  const message = input.message.trim();
  if (message.length < 1 || message.length > messageMaxLength) {
    fields['message'] = `Write a message of 1 to ${messageMaxLength} characters (this one has ${message.length}).`;
  }
  const points = pointsOf(input.points);
  if (!Number.isInteger(points) || points < 0) fields['points'] = 'Points must be a whole number, 0 or more.';
  const badge = input.badge?.trim() || null;
  if (badge !== null && !badgeLabel(badge)) fields['badge'] = 'Choose one of the listed badges, or none.';
  throwIfAny(fields);

  const id = newId();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (points > 0) {
      const left = Math.max(0, ctx.settings.monthlyAllowance - (await givenInMonth(trx, giver.id, now)));
      if (points > left) {
        const message =
          left === 0
            ? 'You have no points left to give this month.'
            : `You only have ${pointsText(left)} left to give this month.`;
        throw new RecognitionError('invalid_input', message, {
          hint: `Your allowance of ${pointsText(ctx.settings.monthlyAllowance)} starts again on the 1st of next month (UTC). You can still send kudos without points.`,
          fields: { points: message },
        });
      }
    }
    await trx
      .insertInto('plugin_recognition_kudos')
      .values({ id, from_id: giver.id, to_id: to, message, points, badge, created_at: at })
      .execute();
    if (points > 0) await recordPoints(trx, { userId: to, points, reason: 'kudos', referenceId: id }, now);
    const label = badgeLabel(badge);
    if (label) {
      await trx
        .insertInto('plugin_recognition_badges')
        .values({ id: newId(), user_id: to, name: label, source: 'kudos', reference_id: id, created_at: at })
        .execute();
    }
  });
  const names = await namesOf(ctx, [giver.id, to]);
  return {
    id,
    fromId: giver.id,
    fromName: names.get(giver.id) ?? giver.name,
    toId: to,
    toName: names.get(to) ?? '',
    message,
    points,
    badge: badgeLabel(badge),
    createdAt: now,
  };
}

/** The latest kudos, newest first, a page at a time; with the total for pagination. */
export async function listKudos(
  ctx: RecognitionContext,
  options: { limit?: number; offset?: number; toId?: string } = {},
): Promise<{ items: Kudos[]; total: number }> {
  let query = ctx.db.selectFrom('plugin_recognition_kudos');
  if (options.toId) query = query.where('to_id', '=', options.toId);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit ?? 20)
      .offset(options.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirst(),
  ]);
  const names = await namesOf(
    ctx,
    rows.flatMap((row) => [row.from_id, row.to_id]),
  );
  return {
    total: Number(count?.total ?? 0),
    items: rows.map((row) => ({
      id: row.id,
      fromId: row.from_id,
      fromName: names.get(row.from_id) ?? '',
      toId: row.to_id,
      toName: names.get(row.to_id) ?? '',
      message: row.message,
      points: row.points,
      badge: badgeLabel(row.badge),
      createdAt: new Date(row.created_at),
    })),
  };
}

/** The colleagues a staff member may thank: active staff but themselves. */
export async function colleaguesOf(ctx: RecognitionContext, viewer: PortalUser): Promise<PortalUser[]> {
  return (await staffMembers(ctx)).filter((user) => user.id !== viewer.id);
}

export interface EarnedBadge {
  name: string;
  source: 'kudos' | 'training';
  createdAt: Date;
}

/** The badges a user earned, newest first. */
export async function badgesOf(ctx: RecognitionContext, userId: string, limit = 50): Promise<EarnedBadge[]> {
  const rows = await ctx.db
    .selectFrom('plugin_recognition_badges')
    .select(['name', 'source', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ name: row.name, source: row.source, createdAt: new Date(row.created_at) }));
}
