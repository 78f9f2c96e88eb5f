import { afterEach, beforeEach } from 'vitest';
import { createTestCore } from 'portico/plugin-api/testing';
import type { TestCore } from 'portico/plugin-api/testing';
import type { PortalUser } from 'portico/plugin-api';
import training from '../index.ts';
import { saveLesson, saveQuestion, createModule } from '../modules.ts';
import type { TrainingModule } from '../modules.ts';
import type { TrainingContext, TrainingSettings } from '../settings.ts';

export interface Fixture {
  t: TestCore;
  ctx: TrainingContext;
  admin: PortalUser;
}

/** A test core with the training plugin; the demo module is removed so counts start at zero. */
export async function setup(settings: Partial<TrainingSettings> = {}): Promise<Fixture> {
  const t = await createTestCore([training]);
  const base = (await t.context('training')) as unknown as TrainingContext;
  const ctx: TrainingContext = { ...base, settings: { ...base.settings, ...settings } };
  await ctx.db.deleteFrom('plugin_training_questions').execute();
  await ctx.db.deleteFrom('plugin_training_lessons').execute();
  await ctx.db.deleteFrom('plugin_training_modules').execute();
  const admin = await t.user('admin', 'Ada Admin');
  return { t, ctx, admin };
}

/**
 * Registers hooks that give each test a fresh fixture (`setup(settings)`) and close it afterwards. The object returned
 * is filled anew before each test, so tests read `f.ctx`, `f.t` and `f.admin` as they run.
 */
export function useFixture(settings: Partial<TrainingSettings> = {}): Fixture {
  const fixture = {} as Fixture;
  beforeEach(async () => {
    Object.assign(fixture, await setup(settings));
  });
  afterEach(async () => {
    await fixture.t.close();
  });
  return fixture;
}

/** A module with `lessons` lessons and, optionally, a quiz of one single- and one multiple-choice question. */
export async function makeModule(
  { ctx, admin }: Fixture,
  options: { title?: string; lessons?: number; quiz?: boolean; passMark?: number } = {},
): Promise<TrainingModule> {
  const module = await createModule(ctx, admin, {
    title: options.title ?? 'Password hygiene',
    summary: 'Choosing and storing passwords.',
    passMark: options.passMark ?? 50,
  });
  for (let index = 1; index <= (options.lessons ?? 2); index++) {
    await saveLesson(ctx, admin, module.id, null, { title: `Lesson ${index}`, body: `Body of lesson ${index}.` });
  }
  if (options.quiz) {
    await saveQuestion(ctx, admin, module.id, null, {
      prompt: 'Where do passwords belong?',
      kind: 'single',
      options: ['A sticky note', 'The password manager', 'An email to yourself'],
      correct: [1],
    });
    await saveQuestion(ctx, admin, module.id, null, {
      prompt: 'Which make a strong password?',
      kind: 'multiple',
      options: ['Length', 'Your birthday', 'Uniqueness per site'],
      correct: [0, 2],
    });
  }
  return module;
}

export const day = (iso: string) => new Date(`${iso}T09:00:00.000Z`);
