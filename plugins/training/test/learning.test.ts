import { describe, expect, it } from 'vitest';
import {
  assignModule,
  completeLesson,
  dashboardSummary,
  learningState,
  listAssignmentsForUser,
} from '../assignments.ts';
import { day, makeModule, useFixture } from './helpers.ts';

const f = useFixture();

async function outbox() {
  const rows = await (
    f.t.core.db as never as import('portico/plugin-api').Kysely<
      Record<string, { type: string; subject_id: string; actor_id: string | null; payload: string }>
    >
  )
    .selectFrom('event_outbox')
    .select(['type', 'subject_id', 'actor_id', 'payload'])
    .where('type', '=', 'training.completed')
    .execute();
  return rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown }));
}

describe('completeLesson', () => {
  it('records progress per lesson and marks the assignment in progress', async () => {
    const module = await makeModule(f, { lessons: 3, quiz: true });
    const agent = await f.t.user('agent');
    const [assignment] = (
      await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' })
    ).created;
    const id = assignment?.id ?? '';
    const before = await learningState(f.ctx, agent, id);
    expect(before.nextLesson).toBe(1);
    const first = before.lessons[0]?.id ?? '';
    expect(await completeLesson(f.ctx, agent, id, first)).toEqual({ nextLesson: 2, quizOpen: false, completed: false });
    await completeLesson(f.ctx, agent, id, first); // twice is harmless
    const after = await learningState(f.ctx, agent, id);
    expect(after.lessonsDone).toBe(1);
    expect(after.assignment.status).toBe('in_progress');
  });

  it('opens the quiz after the last lesson when the module has one', async () => {
    const module = await makeModule(f, { lessons: 2, quiz: true });
    const agent = await f.t.user('agent');
    const [assignment] = (
      await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' })
    ).created;
    const state = await learningState(f.ctx, agent, assignment?.id ?? '');
    for (const lesson of state.lessons) await completeLesson(f.ctx, agent, assignment?.id ?? '', lesson.id);
    const after = await learningState(f.ctx, agent, assignment?.id ?? '');
    expect(after).toMatchObject({ nextLesson: null, quizOpen: true });
    expect(after.assignment.completedAt).toBeNull();
    expect(await outbox()).toEqual([]);
  });

  it('completes a module without a quiz at its last lesson and emits training.completed with a null score', async () => {
    const module = await makeModule(f, { lessons: 2, title: 'Clean desk' });
    const agent = await f.t.user('agent');
    const [assignment] = (
      await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' })
    ).created;
    const id = assignment?.id ?? '';
    const state = await learningState(f.ctx, agent, id);
    await completeLesson(f.ctx, agent, id, state.lessons[0]?.id ?? '');
    const last = await completeLesson(f.ctx, agent, id, state.lessons[1]?.id ?? '', day('2026-05-04'));
    expect(last.completed).toBe(true);
    const done = await learningState(f.ctx, agent, id);
    expect(done.assignment).toMatchObject({ status: 'completed', score: null, moduleVersion: 3 });
    expect(done.assignment.completedAt).toBe('2026-05-04T09:00:00.000Z');
    expect(await outbox()).toEqual([
      {
        type: 'training.completed',
        subject_id: id,
        actor_id: agent.id,
        payload: { assignmentId: id, moduleId: module.id, moduleTitle: 'Clean desk', userId: agent.id, score: null },
      },
    ]);
  });

  it("answers not_found for someone else's assignment", async () => {
    const module = await makeModule(f);
    const [ann, bob] = [await f.t.user('agent'), await f.t.user('agent')];
    const [assignment] = (
      await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [ann.id], dueOn: '2999-01-01' })
    ).created;
    await expect(learningState(f.ctx, bob, assignment?.id ?? '')).rejects.toMatchObject({
      code: 'not_found',
      message: 'There is no such training assignment.',
    });
  });
});

describe('listAssignmentsForUser and dashboardSummary', () => {
  it('lists overdue first, then by due date, then completed, and counts them for the dashboard', async () => {
    const agent = await f.t.user('agent');
    const now = day('2026-03-15');
    const soon = await makeModule(f, { title: 'Soon', lessons: 1 });
    const late = await makeModule(f, { title: 'Late', lessons: 1 });
    const later = await makeModule(f, { title: 'Later', lessons: 1 });
    const done = await makeModule(f, { title: 'Done', lessons: 1 });
    const assign = async (moduleId: string, dueOn: string) =>
      (await assignModule(f.ctx, f.admin, { moduleId, userIds: [agent.id], dueOn }, day('2026-03-01'))).created[0]
        ?.id ?? '';
    await assign(later.id, '2026-04-30');
    await assign(soon.id, '2026-03-20');
    await assign(late.id, '2026-03-10');
    const doneId = await assign(done.id, '2026-03-31');
    const state = await learningState(f.ctx, agent, doneId, now);
    await completeLesson(f.ctx, agent, doneId, state.lessons[0]?.id ?? '', now);
    const list = await listAssignmentsForUser(f.ctx, agent.id, now);
    expect(list.map((item) => [item.moduleTitle, item.status])).toEqual([
      ['Late', 'overdue'],
      ['Soon', 'not_started'],
      ['Later', 'not_started'],
      ['Done', 'completed'],
    ]);
    const summary = await dashboardSummary(f.ctx, agent.id, now, 2);
    expect(summary).toMatchObject({ due: 2, overdue: 1, completed: 1 });
    expect(summary.next.map((item) => item.moduleTitle)).toEqual(['Late', 'Soon']);
  });
});
