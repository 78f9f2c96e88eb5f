import { describe, expect, it } from 'vitest';
import { assignModule, completeLesson, learningState, listAssignmentsForUser } from '../assignments.ts';
import { runReminders } from '../reminders.ts';
import { day, makeModule, useFixture } from './helpers.ts';

const f = useFixture({ reminderDaysBefore: 3, overdueReminderEveryDays: 7 });

async function mailTo(email: string) {
  await f.t.settle();
  return f.t.sentMail().filter((mail) => mail.to.includes(email) && /training/i.test(mail.subject));
}

describe('runReminders', () => {
  it('reminds once before the due date, then mails an overdue assignment once per period', async () => {
    const module = await makeModule(f, { title: 'Phishing basics' });
    const agent = await f.t.user('agent', 'Olga Overdue');
    const [assignment] = (
      await assignModule(
        f.ctx,
        f.admin,
        { moduleId: module.id, userIds: [agent.id], dueOn: '2026-03-10' },
        day('2026-03-01'),
      )
    ).created;
    const runs = [];
    for (const date of [
      '2026-03-05',
      '2026-03-07',
      '2026-03-08',
      '2026-03-11',
      '2026-03-12',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
    ]) {
      runs.push([date, await runReminders(f.ctx, day(date))]);
    }
    expect(runs).toEqual([
      ['2026-03-05', { dueSoon: 0, overdue: 0, refreshers: 0 }],
      ['2026-03-07', { dueSoon: 1, overdue: 0, refreshers: 0 }],
      ['2026-03-08', { dueSoon: 0, overdue: 0, refreshers: 0 }],
      ['2026-03-11', { dueSoon: 0, overdue: 1, refreshers: 0 }],
      ['2026-03-12', { dueSoon: 0, overdue: 0, refreshers: 0 }],
      ['2026-03-17', { dueSoon: 0, overdue: 0, refreshers: 0 }],
      ['2026-03-18', { dueSoon: 0, overdue: 1, refreshers: 0 }],
      ['2026-03-19', { dueSoon: 0, overdue: 0, refreshers: 0 }],
    ]);
    const mail = await mailTo(agent.email);
    expect(mail.map((m) => m.subject)).toEqual([
      'Training due in 3 days: Phishing basics',
      'Overdue training: Phishing basics',
      'Overdue training: Phishing basics',
    ]);
    expect(mail[1]?.text).toContain('The training "Phishing basics" was due on 10 Mar 2026 and is now 1 day overdue.');
    expect(mail[1]?.text).toContain(`/plugins/training/assignments/${assignment?.id}`);
  });

  it('sends nothing for completed assignments', async () => {
    const module = await makeModule(f, { lessons: 1 });
    const agent = await f.t.user('agent');
    const [assignment] = (
      await assignModule(
        f.ctx,
        f.admin,
        { moduleId: module.id, userIds: [agent.id], dueOn: '2026-03-10' },
        day('2026-03-01'),
      )
    ).created;
    const state = await learningState(f.ctx, agent, assignment?.id ?? '', day('2026-03-02'));
    await completeLesson(f.ctx, agent, assignment?.id ?? '', state.lessons[0]?.id ?? '', day('2026-03-02'));
    expect(await runReminders(f.ctx, day('2026-03-20'))).toEqual({ dueSoon: 0, overdue: 0, refreshers: 0 });
  });

  it('creates the refresher assignment when the interval elapses, due on completion plus the interval, once', async () => {
    const module = await makeModule(f, { lessons: 1, title: 'Fire safety' });
    const agent = await f.t.user('agent', 'Rita Refresher');
    const group = await f.t.group('Floor wardens', [agent]);
    const [assignment] = (
      await assignModule(
        f.ctx,
        f.admin,
        { moduleId: module.id, groupId: group.id, dueOn: '2026-03-31', refresherMonths: 12 },
        day('2026-03-01'),
      )
    ).created;
    const id = assignment?.id ?? '';
    const state = await learningState(f.ctx, agent, id, day('2026-03-05'));
    await completeLesson(f.ctx, agent, id, state.lessons[0]?.id ?? '', day('2026-03-05'));

    // Due 2027-03-05; with 3 days' notice it appears on 2027-03-02, not before.
    expect((await runReminders(f.ctx, day('2027-03-01'))).refreshers).toBe(0);
    expect((await runReminders(f.ctx, day('2027-03-02'))).refreshers).toBe(1);
    expect(await runReminders(f.ctx, day('2027-03-03'))).toEqual({ dueSoon: 0, overdue: 0, refreshers: 0 });

    const list = await listAssignmentsForUser(f.ctx, agent.id, day('2027-03-03'));
    expect(list.map((item) => [item.status, item.dueOn, item.isRefresher, item.groupId, item.refresherMonths])).toEqual(
      [
        ['not_started', '2027-03-05', true, group.id, 12],
        ['completed', '2026-03-31', false, group.id, 12],
      ],
    );
    expect(list[0]?.previousId).toBe(id);
    expect(list[1]?.nextId).toBe(list[0]?.id);

    const mail = await mailTo(agent.email);
    expect(mail.map((m) => m.subject)).toEqual(['Refresher training due: Fire safety']);
    expect(mail[0]?.text).toContain(
      'You completed "Fire safety" on 5 Mar 2026. It is refreshed every 12 months, so it is due again by 5 Mar 2027.',
    );

    // Overdue reminders then apply to the refresher like any assignment.
    expect((await runReminders(f.ctx, day('2027-03-06'))).overdue).toBe(1);
  });
});
