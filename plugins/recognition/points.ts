import type { Kysely, PluginDatabase, PortalUser } from 'portico/plugin-api';
import { RecognitionError } from './errors.ts';
import { monthOf } from './periods.ts';
import { isStaff, newId } from './people.ts';
import type { PointReason } from './schema.ts';
import type { RecognitionContext } from './settings.ts';

type Db = Kysely<PluginDatabase>;

/** The permission that lets someone run the rewards catalog and adjust points. */
export const managePermission = 'recognition.manage';

/** A user's balance: the sum of their ledger (credits minus approved redemptions). */
export async function balanceOf(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('plugin_recognition_points')
    .select((eb) => eb.fn.sum<number | string | null>('points').as('total'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Points held by a user's pending redemption requests: spent unless an admin rejects them. */
export async function heldOf(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('plugin_recognition_redemptions')
    .select((eb) => eb.fn.sum<number | string | null>('cost').as('total'))
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** The kudos points a user gave in the UTC calendar month holding `now`. */
export async function givenInMonth(db: Db, userId: string, now: Date): Promise<number> {
  const month = monthOf(now);
  const row = await db
    .selectFrom('plugin_recognition_kudos')
    .select((eb) => eb.fn.sum<number | string | null>('points').as('total'))
    .where('from_id', '=', userId)
    .where('created_at', '>=', month.start.toISOString())
    .where('created_at', '<', month.end.toISOString())
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export interface PointsSummary {
  /** Everything earned minus approved redemptions. */
  balance: number;
  /** Held by pending redemption requests. */
  held: number;
  /** What can still be spent on rewards: balance minus held. */
  available: number;
  /** The monthly kudos allowance (a setting). */
  allowance: number;
  /** What is left of it to give this month. */
  allowanceLeft: number;
}

/** A staff member's points at a glance. */
export async function pointsSummary(ctx: RecognitionContext, userId: string, now = new Date()): Promise<PointsSummary> {
  const [balance, held, given] = await Promise.all([
    balanceOf(ctx.db, userId),
    heldOf(ctx.db, userId),
    givenInMonth(ctx.db, userId, now),
  ]);
  const allowance = ctx.settings.monthlyAllowance;
  return { balance, held, available: balance - held, allowance, allowanceLeft: Math.max(0, allowance - given) };
}

export interface Credit {
  userId: string;
  points: number;
  reason: PointReason;
  referenceId: string | null;
  note?: string | null;
}

/**
 * Adds a ledger row; a second row for the same reason and reference is skipped (events can arrive
 * twice). Resolves with whether the row was written.
 */
export async function recordPoints(db: Db, credit: Credit, at: Date): Promise<boolean> {
  const result = await db
    .insertInto('plugin_recognition_points')
    .values({
      id: newId(),
      user_id: credit.userId,
      points: credit.points,
      reason: credit.reason,
      reference_id: credit.referenceId,
      note: credit.note ?? null,
      created_at: at.toISOString(),
    })
    .onConflict((oc) => oc.columns(['reason', 'reference_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface LedgerEntry {
  id: string;
  points: number;
  reason: PointReason;
  referenceId: string | null;
  note: string | null;
  createdAt: Date;
}

/** A user's latest ledger rows, newest first. */
export async function ledgerOf(ctx: RecognitionContext, userId: string, limit = 20): Promise<LedgerEntry[]> {
  const rows = await ctx.db
    .selectFrom('plugin_recognition_points')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    points: row.points,
    reason: row.reason,
    referenceId: row.reference_id,
    note: row.note,
    createdAt: new Date(row.created_at),
  }));
}

/** Throws forbidden unless the user may manage rewards. */
export async function assertManager(ctx: RecognitionContext, user: PortalUser): Promise<void> {
  if (!isStaff(user) || !(await ctx.can(user, managePermission))) {
    throw new RecognitionError('forbidden', 'Only people who manage rewards can do that.');
  }
}

export interface AdjustmentInput {
  userId: string;
  points: number | string;
  note: string;
}

/** Adds or removes points by hand (a correction, a prize), with the reason kept in the ledger. */
export async function adjustPoints(
  ctx: RecognitionContext,
  actor: PortalUser,
  input: AdjustmentInput,
  now = new Date(),
): Promise<void> {
  await assertManager(ctx, actor);
  const fields: Record<string, string> = {};
  const target = input.userId ? await ctx.core.users.get(input.userId) : undefined;
  if (!isStaff(target)) fields['userId'] = 'Choose a staff member.';
  const points = typeof input.points === 'number' ? input.points : Number(String(input.points).trim() || 'NaN');
  if (!Number.isInteger(points) || points === 0 || Math.abs(points) > 100_000) {
    fields['points'] = 'Enter a whole number of points other than 0 (negative to remove points), up to 100000.';
  }
  const note = input.note.trim();
  if (note.length < 1 || note.length > 200) fields['note'] = 'Say why, in 1 to 200 characters.';
  throwIfAny(fields);
  await recordPoints(ctx.db, { userId: input.userId, points, reason: 'adjustment', referenceId: newId(), note }, now);
  ctx.log.info({ userId: input.userId, points, by: actor.id }, 'points adjusted');
}

/** Throws invalid_input naming the fields at fault; the message is the problem when there is one. */
export function throwIfAny(fields: Record<string, string>): void {
  const problems = Object.values(fields);
  if (problems.length === 0) return;
  const message = problems.length === 1 ? (problems[0] ?? '') : 'Some fields need attention.';
  throw new RecognitionError('invalid_input', message, { fields });
}
