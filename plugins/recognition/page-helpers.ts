/**
 * For this plugin's pages only (it reaches Astro through portico/plugin-api/web): turns the domain's
 * RecognitionError into the portal's form problem, and formats what pages show.
 */
import type { AstroGlobal } from 'astro';
import { formProblem, PluginError } from 'portico/plugin-api/web';
import type { FormProblemValue } from 'portico/plugin-api/web';
import { RecognitionError } from './errors.ts';

export function problemOf(astro: AstroGlobal, error: unknown): FormProblemValue {
  if (error instanceof RecognitionError) {
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

export const base = '/plugins/recognition';

export const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
export const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** A positive whole page number from a query parameter, 1 otherwise. */
export function pageNumber(value: string | null): number {
  const page = Number.parseInt(value ?? '1', 10);
  return Number.isSafeInteger(page) && page > 0 ? page : 1;
}
