import { describe, expect, it } from 'vitest';
import { assignModule, completeLesson, learningState } from '../assignments.ts';
import type { PortalUser } from 'portico/plugin-api';
import { runReminders } from '../reminders.ts';
import { csvCell, exportCsv, trainingReport } from '../reports.ts';
import { day, makeModule, useFixture } from './helpers.ts';

const f = useFixture({ reminderDaysBefore: 0 });

/**
 * Today 2026-03-15. Module A has two lessons, B one.
 * Ann: A completed, B overdue (due 03-10).  Bob: A in progress (1 of 2 read), B not started.
 * Cat: A started but overdue (due 03-12).  Dan: A completed in 2025 with a 12-month refresher,
 * whose refresher (due 2026-03-01) is overdue and is the one that counts.
 * Groups: Alpha = Ann, Bob; Beta = Cat. Dan is in no group.
 */
async function fixture() {
  const created = day('2025-02-01');
  const a = await makeModule(f, { title: 'A: Security basics', lessons: 2 });
  const b = await makeModule(f, { title: 'B: Customer tone', lessons: 1 });
  const ann = await f.t.user('agent', 'Ann');
  const bob = await f.t.user('agent', 'Bob');
  const cat = await f.t.user('agent', 'Cat');
  const dan = await f.t.user('agent', 'Dan');
  await f.t.group('Alpha', [ann, bob]);
  await f.t.group('Beta', [cat]);
  const assign = async (moduleId: string, user: PortalUser, dueOn: string, refresherMonths?: number) =>
    (await assignModule(f.ctx, f.admin, { moduleId, userIds: [user.id], dueOn, refresherMonths }, created)).created[0]
      ?.id ?? '';
  const read = async (user: PortalUser, id: string, lessons: number, when: string) => {
    const state = await learningState(f.ctx, user, id, day(when));
    for (const lesson of state.lessons.slice(0, lessons)) await completeLesson(f.ctx, user, id, lesson.id, day(when));
  };
  await read(ann, await assign(a.id, ann, '2026-03-31'), 2, '2026-03-02');
  await assign(b.id, ann, '2026-03-10');
  await read(bob, await assign(a.id, bob, '2026-03-31'), 1, '2026-03-03');
  await assign(b.id, bob, '2026-03-31');
  await read(cat, await assign(a.id, cat, '2026-03-12'), 1, '2026-03-04');
  await read(dan, await assign(a.id, dan, '2025-03-31', 12), 2, '2025-03-01');
  await runReminders(f.ctx, day('2026-03-15'));
  return { a, b };
}

const tally = (
  assigned: number,
  completed: number,
  inProgress: number,
  overdue: number,
  notStarted: number,
  percentCompleted: number,
) => ({
  assigned,
  completed,
  inProgress,
  overdue,
  notStarted,
  percentCompleted,
});

describe('trainingReport', () => {
  it('matches the hand-computed figures by person, module and group', async () => {
    const { a, b } = await fixture();
    const report = await trainingReport(f.ctx, f.admin, day('2026-03-15'));
    expect(report.asOf).toBe('2026-03-15');
    expect(report.totals).toEqual(tally(6, 1, 1, 3, 1, 17));
    expect(report.byPerson.map((row) => [row.name, row.tally])).toEqual([
      ['Ann', tally(2, 1, 0, 1, 0, 50)],
      ['Bob', tally(2, 0, 1, 0, 1, 0)],
      ['Cat', tally(1, 0, 0, 1, 0, 0)],
      ['Dan', tally(1, 0, 0, 1, 0, 0)],
    ]);
    expect(report.byModule.map((row) => [row.moduleId, row.tally])).toEqual([
      [a.id, tally(4, 1, 1, 2, 0, 25)],
      [b.id, tally(2, 0, 0, 1, 1, 0)],
    ]);
    expect(report.byGroup.map((row) => [row.name, row.people, row.tally])).toEqual([
      ['Alpha', 2, tally(4, 1, 1, 1, 1, 25)],
      ['Beta', 1, tally(1, 0, 0, 1, 0, 0)],
    ]);
  });

  it('refuses an agent without training.report', async () => {
    const agent = await f.t.user('agent');
    await expect(trainingReport(f.ctx, agent)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'You may not see training reports.',
    });
    await expect(exportCsv(f.ctx, agent)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('exportCsv', () => {
  it('exports every assignment, history included, one row each', async () => {
    await fixture();
    const csv = await exportCsv(f.ctx, f.admin, day('2026-03-15'));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Person,Email,Module,Group,Status,Due,Refresher,Started,Completed,Score,Module version');
    expect(lines).toHaveLength(1 + 7);
    expect(lines.filter((line) => line.startsWith('Dan,'))).toEqual([
      expect.stringMatching(
        /^Dan,agent\d+@example\.org,A: Security basics,,Completed,2025-03-31,no,2025-03-01,2025-03-01,,3$/,
      ),
      expect.stringMatching(/^Dan,agent\d+@example\.org,A: Security basics,,Overdue,2026-03-01,yes,,,,$/),
    ]);
  });
});

describe('csvCell', () => {
  it('quotes commas, quotes and newlines, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(80)).toBe('80');
  });
});
