/**
 * A broken rule of the recognition plugin, with a message for people, a hint and the fields at fault.
 * The domain code stays free of Astro (tests load it directly), so pages turn this into the portal's
 * PluginError with `toPluginError` (see web.ts in this folder) before showing it.
 */
export class RecognitionError extends Error {
  override name = 'RecognitionError';
  readonly code: 'invalid_input' | 'forbidden' | 'not_found' | 'conflict';
  readonly hint: string | undefined;
  readonly fields: Record<string, string>;

  constructor(
    code: RecognitionError['code'],
    message: string,
    options: { hint?: string; fields?: Record<string, string> } = {},
  ) {
    super(message);
    this.code = code;
    this.hint = options.hint;
    this.fields = options.fields ?? {};
  }
}

/** "1 point", "12 points". */
export function pointsText(points: number): string {
  return `${points} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}
