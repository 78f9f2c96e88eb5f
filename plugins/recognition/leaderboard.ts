import { namesOf } from './people.ts';
import type { Period } from './periods.ts';
import type { RecognitionContext } from './settings.ts';

export interface LeaderboardRow {
  /** 1-based; people with equal points share a rank and the next rank is skipped (1, 2, 2, 4). */
  rank: number;
  /** Whether someone else has the same rank. */
  tied: boolean;
  userId: string;
  name: string;
  points: number;
  /** Badges earned in the period, oldest first. */
  badges: string[];
}

/** Ranks by points, most first; equal points share a rank (standard competition ranking), then by name. */
export function rankRows<Row extends { points: number; name: string }>(
  rows: readonly Row[],
): (Row & { rank: number; tied: boolean })[] {
  const sorted = [...rows].sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
  const counts = new Map<number, number>();
  for (const row of sorted) counts.set(row.points, (counts.get(row.points) ?? 0) + 1);
  let rank = 0;
  return sorted.map((row, index) => {
    if (index === 0 || sorted[index - 1]?.points !== row.points) rank = index + 1;
    return { ...row, rank, tied: (counts.get(row.points) ?? 0) > 1 };
  });
}

/**
 * Points received in a period (kudos, 5-star ratings, training and adjustments; redemptions are
 * spending, not receiving) and badges earned in it, ranked.
 */
export async function leaderboard(ctx: RecognitionContext, period: Period): Promise<LeaderboardRow[]> {
  const from = period.start.toISOString();
  const to = period.end.toISOString();
  const [totals, badges] = await Promise.all([
    ctx.db
      .selectFrom('plugin_recognition_points')
      .select(['user_id', (eb) => eb.fn.sum<number | string>('points').as('total')])
      .where('reason', '!=', 'redemption')
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy('user_id')
      .execute(),
    ctx.db
      .selectFrom('plugin_recognition_badges')
      .select(['user_id', 'name'])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const points = new Map(totals.map((row) => [row.user_id, Number(row.total)]));
  const earned = new Map<string, string[]>();
  for (const badge of badges) earned.set(badge.user_id, [...(earned.get(badge.user_id) ?? []), badge.name]);
  const ids = new Set([...[...points].filter(([, total]) => total > 0).map(([id]) => id), ...earned.keys()]);
  const names = await namesOf(ctx, ids);
  return rankRows(
    [...ids].map((userId) => ({
      userId,
      name: names.get(userId) ?? '',
      points: Math.max(0, points.get(userId) ?? 0),
      badges: earned.get(userId) ?? [],
    })),
  );
}
