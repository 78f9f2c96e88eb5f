import { afterEach, describe, expect, it } from 'vitest';
import {
  disablePlugin,
  installPlugin,
  parseSchedule,
  pluginJobType,
  schedulePluginJobs,
} from '../../../src/core/plugins/index.ts';
import { definePlugin } from '../../../src/plugin-api/index.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createPluginWorld } from './world.ts';

let world: DeskWorld | undefined;
afterEach(async () => {
  await world?.core.close();
  world = undefined;
});

describe('parseSchedule', () => {
  it('puts an interval on slots counted from the epoch', () => {
    expect(parseSchedule({ every: '15m' }).latestSlot(new Date('2026-11-24T10:44:59Z')).toISOString()).toBe(
      '2026-11-24T10:30:00.000Z',
    );
  });

  it('finds the latest cron match at or before a moment', () => {
    const mondays = parseSchedule({ cron: '0 8 * * 1' });
    expect(mondays.latestSlot(new Date('2026-11-24T07:00:00Z')).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(mondays.latestSlot(new Date('2026-11-23T08:00:00Z')).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    const steps = parseSchedule({ cron: '*/20 9-17 * * *' });
    expect(steps.latestSlot(new Date('2026-11-24T18:30:00Z')).toISOString()).toBe('2026-11-24T17:40:00.000Z');
    const monthly = parseSchedule({ cron: '30 6 1 * *' });
    expect(monthly.latestSlot(new Date('2026-11-24T00:00:00Z')).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('explains what is wrong with a schedule', () => {
    expect(() => parseSchedule({ every: '5s' })).toThrow('every: "5s" must be like 30s, 15m, 1h or 7d (10s or more)');
    expect(() => parseSchedule({ cron: '0 8 * *' })).toThrow('must have five fields');
    expect(() => parseSchedule({ cron: '0 25 * * *' })).toThrow('the hour field "25" must stay within 0-23');
  });
});

/** A plugin with one hourly job that records the slots it ran for. */
function tickerPlugin(runs: string[]) {
  return definePlugin({
    id: 'ticker',
    name: 'Ticker',
    version: '1.0.0',
    portico: '^0.1.0',
    description: 'Counts hours.',
    jobs: { hourly: { every: '1h', run: (_ctx, slot) => void runs.push(slot.toISOString()) } },
  });
}

describe('schedulePluginJobs', () => {
  it('runs each slot of a job once, even when two instances schedule it', async () => {
    const runs: string[] = [];
    const ticker = tickerPlugin(runs);
    world = await createPluginWorld([ticker]);
    await installPlugin(world.core, world.admin, 'ticker');
    const now = new Date('2026-11-24T10:15:00Z');
    expect(await schedulePluginJobs(world.core, now)).toBe(1);
    expect(await schedulePluginJobs(world.core, now)).toBe(0);
    // A second instance (its own memory, the same database) queues the slot again: the dedupe key holds.
    await schedulePluginJobs(
      {
        ...world.core,
        db: world.core.db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result }),
      },
      now,
    );
    const queued = await world.core.db.selectFrom('jobs').select('id').where('type', '=', pluginJobType).execute();
    expect(queued).toHaveLength(1);
    await world.core.jobs.runDue(new Date('2026-11-24T10:16:00Z'));
    expect(runs).toEqual(['2026-11-24T10:00:00.000Z']);
  });

  it('queues nothing for a disabled plugin, and a run queued before disabling does nothing', async () => {
    const runs: string[] = [];
    const ticker = tickerPlugin(runs);
    world = await createPluginWorld([ticker]);
    await installPlugin(world.core, world.admin, 'ticker');
    await schedulePluginJobs(world.core, new Date('2026-11-24T10:15:00Z'));
    await disablePlugin(world.core, world.admin, 'ticker');
    expect(await schedulePluginJobs(world.core, new Date('2026-11-24T11:15:00Z'))).toBe(0);
    await world.core.jobs.runDue(new Date('2026-11-24T12:00:00Z'));
    expect(runs).toEqual([]);
  });
});
