/**
 * Page-side helpers (web bundle only: they reach Astro through portico/plugin-api/web). Domain files
 * throw TrainingError; pages turn it into the platform's form problem here.
 */
import type { AstroGlobal } from 'astro';
import { formProblem, PluginError } from 'portico/plugin-api/web';
import type { FormProblemValue } from 'portico/plugin-api/web';
import type { PortalUser } from 'portico/plugin-api';
import { learningState } from './learning.ts';
import type { ModuleDetail } from './module-model.ts';
import { getModule } from './module-queries.ts';
import type { LearningState } from './learning.ts';
import { isTrainingError } from './errors.ts';
import type { TrainingContext } from './settings.ts';

/** A form problem (message, hint, field errors) for any error a domain function threw; sets the status. */
export function problemOf(astro: AstroGlobal, error: unknown): FormProblemValue {
  if (isTrainingError(error)) {
    return formProblem(
      astro,
      new PluginError(error.code, error.message, {
        ...(error.hint !== undefined && { hint: error.hint }),
        details: { fields: error.fields },
      }),
    );
  }
  return formProblem(astro, error);
}

/** A 404 for a page whose subject does not exist (or is not the visitor's). */
export function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Whether an error is the domain's not_found (pages answer 404 then). */
export function isNotFound(error: unknown): boolean {
  return isTrainingError(error) && error.code === 'not_found';
}

/**
 * The learner's state of an assignment, for the learner's pages; a 404 response (to return) when the assignment
 * is not there or not the visitor's.
 */
export async function learnerState(
  ctx: TrainingContext,
  user: PortalUser,
  assignmentId: string,
): Promise<LearningState | Response> {
  try {
    return await learningState(ctx, user, assignmentId);
  } catch (error) {
    if (isNotFound(error)) return notFound();
    throw error;
  }
}

/**
 * What a module's lesson or question editor edits, from the page's module id and item id (`new` for a new one): the
 * module, the item (undefined when new) and the module editor's path; null when either is not there (answer 404).
 */
export async function editorTarget<T extends { id: string }>(
  ctx: TrainingContext,
  moduleId: string,
  itemId: string,
  itemsOf: (module: ModuleDetail) => T[],
): Promise<{ module: ModuleDetail; item: T | undefined; isNew: boolean; back: string } | null> {
  const module = await getModule(ctx, moduleId);
  if (!module) return null;
  const isNew = itemId === 'new';
  const item = isNew ? undefined : itemsOf(module).find((candidate) => candidate.id === itemId);
  if (!isNew && !item) return null;
  return { module, item, isNew, back: `/plugins/training/manage/modules/${moduleId}` };
}
