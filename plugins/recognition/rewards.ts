/** The rewards catalog: what staff can spend their points on. Requests for rewards are redemptions.ts. */
import type { PortalUser } from 'portico/plugin-api';
import { RecognitionError } from './errors.ts';
import { newId } from './people.ts';
import { assertManager, throwIfAny } from './points.ts';
import type { RewardsTable } from './schema.ts';
import type { RecognitionContext } from './settings.ts';

export interface Reward {
  id: string;
  name: string;
  description: string;
  cost: number;
  /** null: unlimited. */
  stock: number | null;
  active: boolean;
}

export interface RewardInput {
  name: string;
  description: string;
  cost: number | string;
  /** Empty for unlimited. */
  stock: number | string | null;
  active: boolean;
}

function toReward(row: RewardsTable): Reward {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cost: row.cost,
    stock: row.stock,
    active: row.active === 1,
  };
}

/** The catalog, by cost then name; only active rewards unless asked for all. */
export async function listRewards(
  ctx: RecognitionContext,
  options: { includeInactive?: boolean } = {},
): Promise<Reward[]> {
  let query = ctx.db.selectFrom('plugin_recognition_rewards').selectAll();
  if (!options.includeInactive) query = query.where('active', '=', 1);
  const rows = await query.orderBy('cost').orderBy('name').execute();
  return rows.map(toReward);
}

export async function getReward(ctx: RecognitionContext, id: string): Promise<Reward | undefined> {
  const row = await ctx.db.selectFrom('plugin_recognition_rewards').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toReward(row);
}

function wholeNumber(value: number | string | null): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  const text = value.trim();
  return text === '' ? null : Number(text);
}

/**
 * Adds a reward to the catalog, or changes one when an id is given. Managers only.
 * @throws RecognitionError invalid_input naming the fields at fault.
 */
export async function saveReward(
  ctx: RecognitionContext,
  actor: PortalUser,
  input: RewardInput,
  id?: string,
  now = new Date(),
): Promise<Reward> {
  await assertManager(ctx, actor);
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) fields['name'] = 'Give the reward a name of 1 to 100 characters.';
  const description = input.description.trim();
  if (description.length > 1000) fields['description'] = 'Keep the description to 1000 characters.';
  const cost = wholeNumber(input.cost);
  if (cost === null || !Number.isInteger(cost) || cost < 1 || cost > 1_000_000) {
    fields['cost'] = 'The cost must be a whole number of points from 1 to 1000000.';
  }
  const stock = wholeNumber(input.stock);
  if (stock !== null && (!Number.isInteger(stock) || stock < 0 || stock > 1_000_000)) {
    fields['stock'] = 'Stock must be a whole number from 0 to 1000000, or empty for unlimited.';
  }
  throwIfAny(fields);
  const values = {
    name,
    description,
    cost: cost ?? 0,
    stock,
    active: input.active ? 1 : 0,
    updated_at: now.toISOString(),
  };
  if (id) {
    const result = await ctx.db
      .updateTable('plugin_recognition_rewards')
      .set(values)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new RecognitionError('not_found', 'There is no such reward.');
    return { id, ...values, active: input.active };
  }
  const created = { id: newId(), ...values, created_at: now.toISOString() };
  await ctx.db.insertInto('plugin_recognition_rewards').values(created).execute();
  return toReward(created);
}
