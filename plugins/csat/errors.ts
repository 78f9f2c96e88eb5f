/** What went wrong with a survey link: already answered, too old, or not a link we sent. */
export type LinkState = 'used' | 'expired' | 'unknown';

export type CsatErrorCode = 'invalid_input' | 'forbidden' | 'not_found' | 'conflict' | 'unauthenticated';

/**
 * A broken rule of the CSAT plugin, with a message for people. Pages turn it into a `PluginError`
 * (see `toPluginError` in web.ts); the domain code stays free of the web layer so tests can call it.
 */
export class CsatError extends Error {
  override name = 'CsatError';
  readonly code: CsatErrorCode;
  readonly hint: string | undefined;
  /** Messages by form field. */
  readonly fields: Record<string, string>;
  /** Set when the problem is the survey link itself. */
  readonly link: LinkState | undefined;

  constructor(
    code: CsatErrorCode,
    message: string,
    options: { hint?: string; fields?: Record<string, string>; link?: LinkState } = {},
  ) {
    super(message);
    this.code = code;
    this.hint = options.hint;
    this.fields = options.fields ?? {};
    this.link = options.link;
  }
}

export function isCsatError(value: unknown): value is CsatError {
  return value instanceof CsatError;
}
