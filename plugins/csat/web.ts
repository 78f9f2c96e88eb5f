/**
 * Glue for the plugin's pages (web bundle only): turns the domain's CsatError into the platform's
 * PluginError, so `formProblem` shows its message, hint and field messages and sets the status.
 */
import { PluginError } from 'portico/plugin-api/web';
import { isCsatError } from './errors.ts';

export function toPluginError(error: unknown): unknown {
  if (!isCsatError(error)) return error;
  return new PluginError(error.code, error.message, {
    ...(error.hint !== undefined && { hint: error.hint }),
    details: { fields: error.fields },
  });
}
