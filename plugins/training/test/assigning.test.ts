import { describe, expect, it } from 'vitest';
import {
  assignModule,
  cancelAssignment,
  completeLesson,
  learningState,
  listAssignmentsForUser,
  statusOf,
} from '../assignments.ts';
import { updateModule } from '../modules.ts';
import { TrainingError } from '../errors.ts';
import { day, makeModule, useFixture } from './helpers.ts';

const f = useFixture();

describe('assignModule', () => {
  it('assigns a module to chosen agents with a due date and refresher interval', async () => {
    const module = await makeModule(f);
    const [ann, bob] = [await f.t.user('agent', 'Ann'), await f.t.user('agent', 'Bob')];
    const result = await assignModule(
      f.ctx,
      f.admin,
      { moduleId: module.id, userIds: [ann.id, bob.id], dueOn: '2026-03-31', refresherMonths: '12' },
      day('2026-03-01'),
    );
    expect(result.skipped).toEqual([]);
    expect(result.created.map((a) => [a.userId, a.dueOn, a.refresherMonths, a.groupId, a.status])).toEqual([
      [ann.id, '2026-03-31', 12, null, 'not_started'],
      [bob.id, '2026-03-31', 12, null, 'not_started'],
    ]);
  });

  it("assigns a group's current members, records the group, and skips customers and those already assigned", async () => {
    const module = await makeModule(f);
    const ann = await f.t.user('agent', 'Ann');
    const cat = await f.t.user('agent', 'Cat');
    const customer = await f.t.user('customer', 'Carl Customer');
    const group = await f.t.group('Network team', [ann, cat]);
    await assignModule(
      f.ctx,
      f.admin,
      { moduleId: module.id, userIds: [ann.id], dueOn: '2026-03-31' },
      day('2026-03-01'),
    );
    const result = await assignModule(
      f.ctx,
      f.admin,
      { moduleId: module.id, groupId: group.id, userIds: [customer.id], dueOn: '2026-04-30' },
      day('2026-03-01'),
    );
    expect(result.created.map((a) => [a.userId, a.groupId])).toEqual([[cat.id, group.id]]);
    expect(result.skipped.map((s) => [s.name, s.reason]).sort()).toEqual([
      ['Ann', 'already assigned'],
      ['Carl Customer', 'not a staff member'],
    ]);
  });

  it('refuses a past due date, a bad refresher interval and an empty choice of people', async () => {
    const module = await makeModule(f);
    const error = (await assignModule(
      f.ctx,
      f.admin,
      { moduleId: module.id, dueOn: '2026-02-28', refresherMonths: 'soon' },
      day('2026-03-01'),
    ).catch((caught: unknown) => caught)) as TrainingError;
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual({
      dueOn: 'The due date cannot be in the past.',
      refresherMonths: 'Enter a whole number of months from 1 to 120, or leave it empty.',
      people: 'Choose at least one person or a group.',
    });
  });

  it('refuses an inactive module and a module without lessons', async () => {
    const agent = await f.t.user('agent');
    const empty = await makeModule(f, { title: 'Empty', lessons: 0 });
    await expect(
      assignModule(f.ctx, f.admin, { moduleId: empty.id, userIds: [agent.id], dueOn: '2999-01-01' }),
    ).rejects.toThrow('This module has no lessons yet, so it cannot be assigned.');
    const module = await makeModule(f);
    await updateModule(f.ctx, f.admin, module.id, { title: module.title, summary: module.summary, active: false });
    await expect(
      assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' }),
    ).rejects.toThrow('This module is inactive, so it cannot be assigned.');
  });

  it('refuses an agent, who may not manage training', async () => {
    const module = await makeModule(f);
    const agent = await f.t.user('agent');
    await expect(
      assignModule(f.ctx, agent, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('statusOf', () => {
  it('is completed, else overdue after the due day, else in progress once started, else not started', () => {
    const base = { completed_at: null, started_at: null, due_on: '2026-03-10' };
    expect(statusOf(base, '2026-03-10')).toBe('not_started');
    expect(statusOf(base, '2026-03-11')).toBe('overdue');
    expect(statusOf({ ...base, started_at: 'x' }, '2026-03-10')).toBe('in_progress');
    expect(statusOf({ ...base, completed_at: 'x' }, '2026-04-01')).toBe('completed');
  });
});

describe('cancelAssignment', () => {
  it('withdraws an open assignment but never a completed one', async () => {
    const module = await makeModule(f, { lessons: 1 });
    const agent = await f.t.user('agent');
    const [open] = (
      await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' })
    ).created;
    await cancelAssignment(f.ctx, f.admin, open?.id ?? '');
    expect(await listAssignmentsForUser(f.ctx, agent.id)).toEqual([]);
    const [again] = (
      await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' })
    ).created;
    const state = await learningState(f.ctx, agent, again?.id ?? '');
    await completeLesson(f.ctx, agent, again?.id ?? '', state.lessons[0]?.id ?? '');
    await expect(cancelAssignment(f.ctx, f.admin, again?.id ?? '')).rejects.toThrow(
      'A completed assignment cannot be withdrawn: it is part of the record.',
    );
  });
});
