import { ConfigError } from '../core/config.ts';
import { isPorticoError } from '../core/errors.ts';

/** A mistake in how the command was called: reported as one line, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Turns any failure into the one line a person reads on stderr. */
export function describeFailure(error: unknown): string {
  if (isPorticoError(error)) return [error.message, error.hint].filter(Boolean).join(' ');
  if (error instanceof UsageError || error instanceof ConfigError) return error.message;
  if (error instanceof Error) {
    const message = error.message.split('\n')[0];
    return `unexpected error: ${message}`;
  }
  return `unexpected error: ${String(error)}`;
}
