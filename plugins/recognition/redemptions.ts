/** Redemptions: staff ask for a reward (its cost is held), and managers approve or reject the request. */
import type { PortalUser } from 'portico/plugin-api';
import { pointsText, RecognitionError } from './errors.ts';
import { isStaff, namesOf, newId } from './people.ts';
import { assertManager, balanceOf, heldOf, recordPoints } from './points.ts';
import type { RedemptionStatus } from './schema.ts';
import type { RecognitionContext } from './settings.ts';

export interface Redemption {
  id: string;
  rewardId: string;
  rewardName: string;
  userId: string;
  userName: string;
  cost: number;
  status: RedemptionStatus;
  createdAt: Date;
  decidedAt: Date | null;
}

/**
 * Asks for a reward: its cost is held from the requester's balance until an admin decides, so points
 * cannot be spent twice.
 * @throws RecognitionError not_found for an unknown or inactive reward, conflict when out of stock,
 * invalid_input when the available points are too few.
 */
export async function requestRedemption(
  ctx: RecognitionContext,
  user: PortalUser,
  rewardId: string,
  now = new Date(),
): Promise<Redemption> {
  if (!isStaff(user)) throw new RecognitionError('forbidden', 'Only staff members can redeem points.');
  const id = newId();
  const reward = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('plugin_recognition_rewards')
      .selectAll()
      .where('id', '=', rewardId)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!row) throw new RecognitionError('not_found', 'That reward is not available.');
    if (row.stock !== null && row.stock <= 0) {
      throw new RecognitionError('conflict', `“${row.name}” is out of stock.`, {
        hint: 'Choose another reward, or ask an admin when it is back.',
      });
    }
    const available = (await balanceOf(trx, user.id)) - (await heldOf(trx, user.id));
    if (available < row.cost) {
      throw new RecognitionError(
        'invalid_input',
        `You have ${pointsText(available)} available; “${row.name}” costs ${pointsText(row.cost)}.`,
        { hint: 'Points held by requests waiting for approval are not available until they are decided.' },
      );
    }
    await trx
      .insertInto('plugin_recognition_redemptions')
      .values({
        id,
        reward_id: row.id,
        user_id: user.id,
        cost: row.cost,
        status: 'pending',
        created_at: now.toISOString(),
        decided_at: null,
        decided_by: null,
      })
      .execute();
    return row;
  });
  ctx.log.info({ redemptionId: id, rewardId, userId: user.id }, 'redemption requested');
  return {
    id,
    rewardId,
    rewardName: reward.name,
    userId: user.id,
    userName: user.name,
    cost: reward.cost,
    status: 'pending',
    createdAt: now,
    decidedAt: null,
  };
}

/**
 * Approves a pending request: one item leaves the stock and the points are deducted, in one
 * transaction. The stock is taken with a conditional update, so two approvals of the last item
 * cannot both succeed.
 * @throws RecognitionError conflict when already decided or out of stock (nothing changes then).
 */
export async function approveRedemption(
  ctx: RecognitionContext,
  actor: PortalUser,
  redemptionId: string,
  now = new Date(),
): Promise<void> {
  await assertManager(ctx, actor);
  await ctx.db.transaction().execute(async (trx) => {
    const redemption = await trx
      .selectFrom('plugin_recognition_redemptions')
      .selectAll()
      .where('id', '=', redemptionId)
      .executeTakeFirst();
    if (!redemption) throw new RecognitionError('not_found', 'There is no such redemption request.');
    const decided = await trx
      .updateTable('plugin_recognition_redemptions')
      .set({ status: 'approved', decided_at: now.toISOString(), decided_by: actor.id })
      .where('id', '=', redemptionId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) === 0) {
      throw new RecognitionError('conflict', 'This request was already decided.');
    }
    // Unlimited stock (null) stays null: null - 1 is null.
    const taken = await trx
      .updateTable('plugin_recognition_rewards')
      .set((eb) => ({ stock: eb('stock', '-', 1), updated_at: now.toISOString() }))
      .where('id', '=', redemption.reward_id)
      .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>', 0)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) {
      const reward = await trx
        .selectFrom('plugin_recognition_rewards')
        .select('name')
        .where('id', '=', redemption.reward_id)
        .executeTakeFirst();
      throw new RecognitionError(
        'conflict',
        reward
          ? `“${reward.name}” is out of stock, so this request cannot be approved.`
          : 'That reward no longer exists.',
        { hint: 'Reject the request to release the points, or add stock first.' },
      );
    }
    await recordPoints(
      trx,
      { userId: redemption.user_id, points: -redemption.cost, reason: 'redemption', referenceId: redemption.id },
      now,
    );
  });
  ctx.log.info({ redemptionId, by: actor.id }, 'redemption approved');
}

/**
 * Rejects a pending request: the held points are released.
 * @throws RecognitionError conflict when already decided.
 */
export async function rejectRedemption(
  ctx: RecognitionContext,
  actor: PortalUser,
  redemptionId: string,
  now = new Date(),
): Promise<void> {
  await assertManager(ctx, actor);
  const result = await ctx.db
    .updateTable('plugin_recognition_redemptions')
    .set({ status: 'rejected', decided_at: now.toISOString(), decided_by: actor.id })
    .where('id', '=', redemptionId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const exists = await ctx.db
      .selectFrom('plugin_recognition_redemptions')
      .select('id')
      .where('id', '=', redemptionId)
      .executeTakeFirst();
    throw exists
      ? new RecognitionError('conflict', 'This request was already decided.')
      : new RecognitionError('not_found', 'There is no such redemption request.');
  }
  ctx.log.info({ redemptionId, by: actor.id }, 'redemption rejected');
}

/** Redemption requests, newest first: one person's, or by status for the managers' queue. */
export async function listRedemptions(
  ctx: RecognitionContext,
  filter: { userId?: string; status?: RedemptionStatus; limit?: number } = {},
): Promise<Redemption[]> {
  // No table aliases: the own-tables guard reads every table name in a query, aliases included.
  const redemptions = 'plugin_recognition_redemptions' as const;
  const rewards = 'plugin_recognition_rewards' as const;
  let query = ctx.db
    .selectFrom(redemptions)
    .leftJoin(rewards, `${rewards}.id`, `${redemptions}.reward_id`)
    .select([
      `${redemptions}.id`,
      `${redemptions}.reward_id`,
      `${redemptions}.user_id`,
      `${redemptions}.cost`,
      `${redemptions}.status`,
      `${redemptions}.created_at`,
      `${redemptions}.decided_at`,
      `${rewards}.name as reward_name`,
    ]);
  if (filter.userId) query = query.where(`${redemptions}.user_id`, '=', filter.userId);
  if (filter.status) query = query.where(`${redemptions}.status`, '=', filter.status);
  const rows = await query
    .orderBy(`${redemptions}.created_at`, filter.status === 'pending' ? 'asc' : 'desc')
    .orderBy(`${redemptions}.id`)
    .limit(filter.limit ?? 100)
    .execute();
  const names = await namesOf(
    ctx,
    rows.map((row) => row.user_id),
  );
  return rows.map((row) => ({
    id: row.id,
    rewardId: row.reward_id,
    rewardName: row.reward_name ?? 'Removed reward',
    userId: row.user_id,
    userName: names.get(row.user_id) ?? '',
    cost: row.cost,
    status: row.status,
    createdAt: new Date(row.created_at),
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
  }));
}
