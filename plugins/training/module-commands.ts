/** Creating, changing and deleting modules; every change to a module's content bumps its version. */
import type { PortalUser } from 'portico/plugin-api';
import { assertCanManage } from './access.ts';
import { assertNoFieldProblems, TrainingError } from './errors.ts';
import { limits, newId, requireText, text, toModule } from './module-model.ts';
import type { TrainingModule } from './module-model.ts';
import { requireModule } from './module-queries.ts';
import type { TrainingContext } from './settings.ts';

export interface ModuleInput {
  title: string;
  summary: string;
  /** A whole number from 0 to 100; the setting's default when empty or missing. */
  passMark?: string | number | undefined;
  active?: boolean | undefined;
}

function validateModule(ctx: TrainingContext, input: ModuleInput) {
  const fields: Record<string, string> = {};
  const title = text(input.title);
  const summary = text(input.summary);
  requireText(fields, 'title', title, 'a title', limits.title);
  requireText(fields, 'summary', summary, 'a summary', limits.summary);
  const rawMark = typeof input.passMark === 'number' ? String(input.passMark) : text(input.passMark);
  let passMark = ctx.settings.defaultPassMark ?? 80;
  if (rawMark !== '') {
    if (!/^\d{1,3}$/.test(rawMark) || Number(rawMark) > 100) fields['passMark'] = 'Enter a whole number from 0 to 100.';
    else passMark = Number(rawMark);
  }
  assertNoFieldProblems(fields, 'The module could not be saved.');
  return { title, summary, passMark, active: input.active ?? true };
}

/** Creates a module (no lessons yet). */
export async function createModule(
  ctx: TrainingContext,
  actor: PortalUser | null,
  input: ModuleInput,
  now = new Date(),
): Promise<TrainingModule> {
  const manager = await assertCanManage(ctx, actor);
  const values = validateModule(ctx, input);
  const stamp = now.toISOString();
  const row = {
    id: newId(),
    title: values.title,
    summary: values.summary,
    pass_mark: values.passMark,
    active: values.active ? 1 : 0,
    version: 1,
    created_by: manager.id,
    created_at: stamp,
    updated_at: stamp,
  };
  await ctx.db.insertInto('plugin_training_modules').values(row).execute();
  return toModule(row);
}

/** Changes a module's details; its version goes up. */
export async function updateModule(
  ctx: TrainingContext,
  actor: PortalUser | null,
  id: string,
  input: ModuleInput,
  now = new Date(),
): Promise<TrainingModule> {
  await assertCanManage(ctx, actor);
  await requireModule(ctx, id);
  const values = validateModule(ctx, input);
  await ctx.db
    .updateTable('plugin_training_modules')
    .set((eb) => ({
      title: values.title,
      summary: values.summary,
      pass_mark: values.passMark,
      active: values.active ? 1 : 0,
      version: eb('version', '+', 1),
      updated_at: now.toISOString(),
    }))
    .where('id', '=', id)
    .execute();
  return requireModule(ctx, id);
}

/** Deletes a module nobody was ever assigned; otherwise deactivate it instead. */
export async function deleteModule(ctx: TrainingContext, actor: PortalUser | null, id: string): Promise<void> {
  await assertCanManage(ctx, actor);
  await requireModule(ctx, id);
  const assigned = await ctx.db
    .selectFrom('plugin_training_assignments')
    .select('id')
    .where('module_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  if (assigned) {
    throw new TrainingError('conflict', 'This module has assignments, so it cannot be deleted.', {
      hint: 'Make it inactive instead: its history stays in the reports.',
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plugin_training_questions').where('module_id', '=', id).execute();
    await trx.deleteFrom('plugin_training_lessons').where('module_id', '=', id).execute();
    await trx.deleteFrom('plugin_training_modules').where('id', '=', id).execute();
  });
}

export async function bumpVersion(ctx: TrainingContext, moduleId: string, now: Date): Promise<void> {
  await ctx.db
    .updateTable('plugin_training_modules')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now.toISOString() }))
    .where('id', '=', moduleId)
    .execute();
}
