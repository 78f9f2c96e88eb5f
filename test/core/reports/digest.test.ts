import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isoWeekOf, saveReportTargets, sendWeeklyDigests } from '../../../src/core/reports/index.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createReportWorld, makeTickets } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createReportWorld();
  await makeTickets(world);
});
afterEach(async () => {
  vi.useRealTimers();
  await world.core.close();
});

async function digestJobs() {
  const rows = await world.core.db
    .selectFrom('jobs')
    .select(['payload', 'dedupe_key'])
    .where('type', '=', 'mail.send')
    .where('dedupe_key', 'like', 'reports.digest:%')
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    key: row.dedupe_key,
    ...(JSON.parse(row.payload) as { to: string; subject: string; text: string }),
  }));
}

describe('isoWeekOf', () => {
  it('names ISO weeks, across a year end', () => {
    expect(isoWeekOf(new Date('2026-11-16T08:00:00Z'))).toEqual({
      monday: new Date('2026-11-16T00:00:00Z'),
      week: '2026-W47',
    });
    expect(isoWeekOf(new Date('2026-11-22T23:59:00Z')).week).toBe('2026-W47');
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'))).toEqual({
      monday: new Date('2026-12-28T00:00:00Z'),
      week: '2026-W53',
    });
    expect(isoWeekOf(new Date('2027-01-04T00:00:00Z')).week).toBe('2027-W01');
  });
});

describe('sendWeeklyDigests', () => {
  it('mails each group lead once per ISO week, from Monday 07:00 UTC', async () => {
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-16T06:59:00Z'))).toEqual({ sent: 0 });
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-16T07:00:00Z'))).toEqual({ sent: 1 });
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-16T07:01:00Z'))).toEqual({ sent: 0 });
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-19T15:00:00Z'))).toEqual({ sent: 0 });
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-22T23:59:00Z'))).toEqual({ sent: 0 });
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-23T06:00:00Z'))).toEqual({ sent: 0 });
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-23T09:30:00Z'))).toEqual({ sent: 1 });
    const jobs = await digestJobs();
    expect(jobs.map((job) => [job.key, job.to])).toEqual([
      [`reports.digest:2026-W47:${world.agent.id}`, 'avery@portico.example'],
      [`reports.digest:2026-W48:${world.agent.id}`, 'avery@portico.example'],
    ]);
  });

  it('sends a lead who missed Monday later that week (the server was down)', async () => {
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-18T10:00:00Z'))).toEqual({ sent: 1 });
    // Still last week's figures (9–15 November), whatever day it goes out.
    expect((await digestJobs())[0]?.text).toContain('from 2026-11-09 to 2026-11-15');
  });

  it("summarises the group's last week against the targets and the week before", async () => {
    await saveReportTargets(world.core, world.admin, { frt_median: '60', sla_resolution: '60' });
    await sendWeeklyDigests(world.core, new Date('2026-11-16T07:00:00Z'));
    const [job] = await digestJobs();
    expect(job?.subject).toBe('Weekly service report 2026-W47: Service Desk');
    const lines = job!.text.split('\n');
    expect(lines[0]).toBe('Hello Avery Agent,');
    // Service Desk: A, B, E this week; G the week before.
    expect(lines).toEqual(
      expect.arrayContaining([
        'Service Desk',
        '- Tickets created: 3 (week before: 1)',
        '- Tickets resolved: 2 (week before: 1)',
        '- Backlog (open at period end): 1 (week before: 0)',
        '- First response time, median: 1 h 30 min (week before: 20 min) — target ≤ 1 h 00 min: MISSED',
        '- Resolution time, median: 3 h 15 min (week before: 4 h 00 min)',
        '- SLA compliance, first response: 33.3 % (week before: 100.0 %)',
        '- SLA compliance, resolution: 66.7 % (week before: 100.0 %) — target ≥ 60.0 %: met',
        '- Reopen rate: 50.0 % (week before: 0.0 %)',
        '- First-contact resolution: 50.0 % (week before: 100.0 %)',
      ]),
    );
    expect(job!.text).toContain('http://localhost:4321/desk/reports?range=custom&from=2026-11-09&to=2026-11-15');
  });

  it('skips leads who are no longer active', async () => {
    await world.core.db.updateTable('users').set({ active: 0 }).where('id', '=', world.agent.id).execute();
    expect(await sendWeeklyDigests(world.core, new Date('2026-11-16T07:00:00Z'))).toEqual({ sent: 0 });
  });
});
