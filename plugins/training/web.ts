/**
 * Page-side helpers (web bundle only: they reach Astro through portico/plugin-api/web). Domain files
 * throw TrainingError; pages turn it into the platform's form problem here.
 */
import type { AstroGlobal } from 'astro';
import { formProblem, PluginError } from 'portico/plugin-api/web';
import type { FormProblemValue } from 'portico/plugin-api/web';
import { isTrainingError } from './errors.ts';

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
