import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalUser } from 'portico/plugin-api';
import { handleTrainingCompleted } from '../automatic.ts';
import { giveKudos } from '../kudos.ts';
import { leaderboard, rankRows } from '../leaderboard.ts';
import { monthOf, parsePeriod, quarterOf, recentPeriods } from '../periods.ts';
import { adjustPoints, recordPoints } from '../points.ts';
import { approveRedemption, requestRedemption } from '../redemptions.ts';
import { saveReward } from '../rewards.ts';
import { at, setup } from './helpers.ts';

describe('rankRows', () => {
  it('gives equal points the same rank and skips the ranks they fill', () => {
    const ranked = rankRows([
      { name: 'Dee', points: 5 },
      { name: 'Bob', points: 20 },
      { name: 'Cat', points: 20 },
      { name: 'Ann', points: 30 },
      { name: 'Eve', points: 5 },
    ]);
    expect(ranked.map((row) => [row.rank, row.name, row.tied])).toEqual([
      [1, 'Ann', false],
      [2, 'Bob', true],
      [2, 'Cat', true],
      [4, 'Dee', true],
      [4, 'Eve', true],
    ]);
  });
});

describe('periods', () => {
  it('parses months and quarters and refuses anything else', () => {
    expect(parsePeriod('2026-02')).toMatchObject({
      kind: 'month',
      label: 'February 2026',
      start: at('2026-02-01T00:00:00Z'),
      end: at('2026-03-01T00:00:00Z'),
    });
    expect(parsePeriod('2026-Q4')).toMatchObject({
      kind: 'quarter',
      label: 'Q4 2026',
      start: at('2026-10-01T00:00:00Z'),
      end: at('2027-01-01T00:00:00Z'),
    });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('last week')).toBeNull();
  });

  it('offers the last 12 months and 4 quarters, current first', () => {
    const { months, quarters } = recentPeriods(at('2026-02-15T00:00:00Z'));
    expect(months[0]?.key).toBe('2026-02');
    expect(months[11]?.key).toBe('2025-03');
    expect(quarters.map((quarter) => quarter.key)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2']);
  });
});

describe('leaderboard', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let ann: PortalUser;
  let bob: PortalUser;
  let cat: PortalUser;
  let admin: PortalUser;

  beforeEach(async () => {
    t = await setup();
    ann = await t.user('agent', 'Ann');
    bob = await t.user('agent', 'Bob');
    cat = await t.user('agent', 'Cat');
    admin = await t.user('admin', 'Zed Admin');
  });
  afterEach(async () => {
    await t.close();
  });

  it('ranks points received in a month, with ties and badges earned in it', async () => {
    const ctx = await t.ctx();
    await giveKudos(ctx, admin, { to: ann.id, message: 'a', points: 20, badge: 'mentor' }, at('2026-01-05T10:00:00Z'));
    await giveKudos(ctx, admin, { to: bob.id, message: 'b', points: 20 }, at('2026-01-06T10:00:00Z'));
    await recordPoints(
      ctx.db,
      { userId: cat.id, points: 10, reason: 'csat', referenceId: 'r1' },
      at('2026-01-31T23:59:59Z'),
    );
    // February: not in January's board.
    await giveKudos(ctx, admin, { to: cat.id, message: 'c', points: 50 }, at('2026-02-01T00:00:00Z'));
    await handleTrainingCompleted(
      ctx,
      { assignmentId: 'as-1', moduleTitle: 'Security basics', userId: cat.id },
      at('2026-01-20T10:00:00Z'),
    );

    const january = await leaderboard(ctx, monthOf(at('2026-01-15T00:00:00Z')));
    expect(january.map((row) => [row.rank, row.name, row.points, row.tied, row.badges])).toEqual([
      [1, 'Ann', 20, true, ['Mentor']],
      [1, 'Bob', 20, true, []],
      [3, 'Cat', 15, false, ['Trained: Security basics']],
    ]);
    const february = await leaderboard(ctx, monthOf(at('2026-02-15T00:00:00Z')));
    expect(february.map((row) => [row.rank, row.name, row.points])).toEqual([[1, 'Cat', 50]]);
  });

  it('sums a quarter across its months and leaves spending out', async () => {
    const ctx = await t.ctx();
    await giveKudos(ctx, admin, { to: ann.id, message: 'a', points: 40 }, at('2026-01-05T10:00:00Z'));
    await giveKudos(ctx, admin, { to: bob.id, message: 'b', points: 30 }, at('2026-02-05T10:00:00Z'));
    await giveKudos(ctx, admin, { to: bob.id, message: 'b', points: 30 }, at('2026-03-05T10:00:00Z'));
    await giveKudos(ctx, admin, { to: cat.id, message: 'c', points: 90 }, at('2026-04-01T00:00:00Z'));
    const mug = await saveReward(ctx, admin, { name: 'Mug', description: '', cost: 40, stock: null, active: true });
    const request = await requestRedemption(ctx, ann, mug.id, at('2026-03-10T00:00:00Z'));
    await approveRedemption(ctx, admin, request.id, at('2026-03-10T00:00:00Z'));
    await adjustPoints(ctx, admin, { userId: cat.id, points: 3, note: 'Bonus' }, at('2026-03-31T12:00:00Z'));

    const q1 = await leaderboard(ctx, quarterOf(at('2026-02-01T00:00:00Z')));
    expect(q1.map((row) => [row.rank, row.name, row.points])).toEqual([
      [1, 'Bob', 60],
      [2, 'Ann', 40],
      [3, 'Cat', 3],
    ]);
  });

  it('is empty for a period without recognition', async () => {
    expect(await leaderboard(await t.ctx(), monthOf(at('2020-01-01T00:00:00Z')))).toEqual([]);
  });
});
