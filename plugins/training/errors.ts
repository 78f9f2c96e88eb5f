/**
 * The plugin's domain errors. Domain files cannot import the web bundle's PluginError (it reaches
 * Astro), so they throw this; pages turn it into a PluginError with `toPluginError` (see web.ts).
 */
export type TrainingErrorCode = 'invalid_input' | 'forbidden' | 'not_found' | 'conflict';

export class TrainingError extends Error {
  override name = 'TrainingError';
  readonly code: TrainingErrorCode;
  readonly hint: string | undefined;
  readonly fields: Record<string, string>;

  constructor(
    code: TrainingErrorCode,
    message: string,
    options: { hint?: string | undefined; fields?: Record<string, string> } = {},
  ) {
    super(message);
    this.code = code;
    this.hint = options.hint;
    this.fields = options.fields ?? {};
  }
}

export function isTrainingError(value: unknown): value is TrainingError {
  return value instanceof TrainingError;
}

/** Throws invalid_input listing every field problem, when there is any. */
export function assertNoFieldProblems(fields: Record<string, string>, message = 'Some fields need attention.'): void {
  if (Object.keys(fields).length > 0) throw new TrainingError('invalid_input', message, { fields });
}
