import { describe, expect, it } from 'vitest';
import { assignModule, completeLesson, learningState } from '../assignments.ts';
import { getModule, saveQuestion } from '../modules.ts';
import type { Question } from '../modules.ts';
import { answersFromForm, attemptCount, gradeQuiz, latestAttempt, submitQuiz } from '../quiz.ts';
import { makeModule, useFixture } from './helpers.ts';

const single: Question = {
  id: 's',
  moduleId: 'm',
  position: 1,
  prompt: 'Pick one',
  kind: 'single',
  options: ['a', 'b', 'c'],
  correct: [1],
};
const multiple: Question = {
  id: 'm',
  moduleId: 'm',
  position: 2,
  prompt: 'Pick all',
  kind: 'multiple',
  options: ['a', 'b', 'c', 'd'],
  correct: [0, 2],
};
const third: Question = { ...single, id: 't', position: 3 };

describe('gradeQuiz', () => {
  it('counts a single-choice question only for the correct option', () => {
    expect(gradeQuiz([single], { s: [1] }, 100)).toMatchObject({ score: 100, passed: true, correctCount: 1 });
    expect(gradeQuiz([single], { s: [0] }, 100)).toMatchObject({ score: 0, passed: false });
    expect(gradeQuiz([single], {}, 0).results).toEqual([{ questionId: 's', chosen: [], correct: false }]);
  });

  it('counts a multiple-choice question only when exactly the correct options are chosen', () => {
    expect(gradeQuiz([multiple], { m: [2, 0] }, 100).passed).toBe(true);
    expect(gradeQuiz([multiple], { m: [0] }, 100).passed).toBe(false); // one missing
    expect(gradeQuiz([multiple], { m: [0, 1, 2] }, 100).passed).toBe(false); // one extra
  });

  it('passes exactly at the pass mark and fails just below it', () => {
    const answers = { s: [1], m: [0, 2], t: [0] }; // 2 of 3 right = 66.67 %
    expect(gradeQuiz([single, multiple, third], answers, 66)).toMatchObject({ score: 66, passed: true });
    expect(gradeQuiz([single, multiple, third], answers, 67)).toMatchObject({ score: 66, passed: false });
    expect(gradeQuiz([single, multiple], { s: [1], m: [0] }, 50)).toMatchObject({ score: 50, passed: true });
    expect(gradeQuiz([single, multiple], { s: [1], m: [0] }, 51)).toMatchObject({ score: 50, passed: false });
  });
});

describe('answersFromForm', () => {
  it('reads radio values and one checkbox per option, ignoring out-of-range values', () => {
    expect(answersFromForm([single, multiple], { 'q-s': '2', 'q-m-0': 'on', 'q-m-3': 'on' })).toEqual({
      s: [2],
      m: [0, 3],
    });
    expect(answersFromForm([single], { 'q-s': '9' })).toEqual({ s: [] });
  });
});

describe('submitQuiz', () => {
  const f = useFixture();

  async function ready(passMark = 100) {
    const module = await makeModule(f, { lessons: 2, quiz: true, passMark, title: 'Password hygiene' });
    const agent = await f.t.user('agent');
    const [assignment] = (
      await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' })
    ).created;
    const id = assignment?.id ?? '';
    const detail = await getModule(f.ctx, module.id);
    const [q1, q2] = detail?.questions ?? [];
    return { module, agent, id, q1: q1?.id ?? '', q2: q2?.id ?? '' };
  }

  async function readAll(agent: Parameters<typeof learningState>[1], id: string) {
    const state = await learningState(f.ctx, agent, id);
    for (const lesson of state.lessons) await completeLesson(f.ctx, agent, id, lesson.id);
  }

  async function completions() {
    return (
      f.t.core.db as never as import('portico/plugin-api').Kysely<
        Record<string, { type: string; payload: string; subject_id: string }>
      >
    )
      .selectFrom('event_outbox')
      .select(['payload', 'subject_id'])
      .where('type', '=', 'training.completed')
      .execute();
  }

  it('refuses the quiz until every lesson is read', async () => {
    const { agent, id, q1, q2 } = await ready();
    await expect(submitQuiz(f.ctx, agent, id, { [q1]: [1], [q2]: [0, 2] })).rejects.toMatchObject({
      code: 'conflict',
      message: 'Finish every lesson before taking the quiz.',
      hint: 'Continue with lesson 1.',
    });
  });

  it('wants every question answered', async () => {
    const { agent, id, q1, q2 } = await ready();
    await readAll(agent, id);
    await expect(submitQuiz(f.ctx, agent, id, { [q1]: [1] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Answer every question before submitting.',
      fields: { [`q-${q2}`]: 'Choose an answer.' },
    });
  });

  it('records a failed attempt with the wrong questions and allows a retake that passes and completes', async () => {
    const { module, agent, id, q1, q2 } = await ready(100);
    await readAll(agent, id);
    const failed = await submitQuiz(f.ctx, agent, id, { [q1]: [1], [q2]: [0] }, new Date('2026-03-01T10:00:00Z'));
    expect(failed).toMatchObject({ completed: false, grade: { score: 50, passed: false } });
    expect(failed.attempt.wrong).toEqual([q2]);
    expect(await completions()).toEqual([]);
    expect((await learningState(f.ctx, agent, id)).assignment.status).toBe('in_progress');

    const passed = await submitQuiz(f.ctx, agent, id, { [q1]: [1], [q2]: [2, 0] }, new Date('2026-03-01T10:05:00Z'));
    expect(passed).toMatchObject({ completed: true, grade: { score: 100, passed: true } });
    expect(await attemptCount(f.ctx, id)).toBe(2);
    expect(await latestAttempt(f.ctx, id)).toMatchObject({ score: 100, passed: true, wrong: [] });
    const state = await learningState(f.ctx, agent, id);
    expect(state.assignment).toMatchObject({
      status: 'completed',
      score: 100,
      completedAt: '2026-03-01T10:05:00.000Z',
    });
    const events = await completions();
    expect(events.map((event) => [event.subject_id, JSON.parse(event.payload)])).toEqual([
      [id, { assignmentId: id, moduleId: module.id, moduleTitle: 'Password hygiene', userId: agent.id, score: 100 }],
    ]);
  });

  it('refuses another attempt once the module is completed', async () => {
    const { agent, id, q1, q2 } = await ready(50);
    await readAll(agent, id);
    await submitQuiz(f.ctx, agent, id, { [q1]: [1], [q2]: [1] });
    await expect(submitQuiz(f.ctx, agent, id, { [q1]: [1], [q2]: [0, 2] })).rejects.toThrow(
      'You have already completed this module.',
    );
  });

  it('grades against the questions as they are now, after an edit', async () => {
    const { module, agent, id, q1, q2 } = await ready(100);
    await readAll(agent, id);
    await saveQuestion(f.ctx, f.admin, module.id, q1, {
      prompt: 'Where?',
      kind: 'single',
      options: ['x', 'y'],
      correct: [0],
    });
    const result = await submitQuiz(f.ctx, agent, id, { [q1]: [0], [q2]: [0, 2] });
    expect(result.grade.passed).toBe(true);
  });
});
