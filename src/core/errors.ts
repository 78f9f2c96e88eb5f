/** Every way a domain rule can be broken; the edges map each code to an HTTP status. */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'payload_too_large';

/**
 * A broken rule, with a message for people and a hint saying what to do about it.
 * @example
 * throw new PorticoError('conflict', 'That email is already registered.', { hint: 'Sign in instead.' });
 */
export class PorticoError extends Error {
  override name = 'PorticoError';
  readonly code: ErrorCode;
  readonly hint: string | null;
  readonly details: Record<string, unknown> | null;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.code = code;
    this.hint = options.hint ?? null;
    this.details = options.details ?? null;
  }
}

export function isPorticoError(value: unknown): value is PorticoError {
  return value instanceof PorticoError;
}

export const httpStatusByCode: Record<ErrorCode, number> = {
  invalid_input: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  payload_too_large: 413,
};
