import type { APIContext } from 'astro';
import type { z } from 'zod';
import type { ErrorCode } from '../core/errors.ts';
import { httpStatusByCode, isPorticoError, PorticoError } from '../core/errors.ts';
import type { User } from '../core/users/index.ts';
import { assertAdmin, assertStaff } from '../core/users/index.ts';
import { parseInput } from '../core/validation.ts';
import { isBodyLimitError } from './body-limit.ts';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/** The API's one error shape: `{"error":{"code","message","details"?}}`. */
export function jsonError(
  status: number,
  code: ErrorCode | 'internal' | 'bad_request' | 'method_not_allowed',
  message: string,
  details?: Record<string, unknown>,
): Response {
  return json({ error: { code, message, ...(details && { details }) } }, status);
}

export function errorToResponse(error: unknown, context: APIContext): Response {
  if (isPorticoError(error)) {
    const status = httpStatusByCode[error.code];
    const details = { ...(error.details ?? {}), ...(error.hint && { hint: error.hint }) };
    const response = jsonError(status, error.code, error.message, Object.keys(details).length ? details : undefined);
    const retryAfter = error.details?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number') response.headers.set('Retry-After', String(retryAfter));
    return response;
  }
  context.locals.log.error({ err: error }, 'API request failed');
  return jsonError(
    500,
    'internal',
    `Something went wrong on our side. Quote request id ${context.locals.requestId} when you report it.`,
  );
}

/** Runs an API handler, mapping domain errors to their status and anything else to a bare 500. */
export function apiHandler(
  handler: (context: APIContext) => Promise<Response>,
): (context: APIContext) => Promise<Response> {
  return async (context) => {
    try {
      return await handler(context);
    } catch (error) {
      return errorToResponse(error, context);
    }
  };
}

/**
 * The signed-in caller, or a 401; with an audience, also a 403 for anyone outside it — before the body
 * is read, so a caller who may not use an operation learns nothing from its validation messages.
 */
export function requireApiUser(context: APIContext, audience?: 'staff' | 'admin'): User {
  const user = context.locals.user;
  if (!user) {
    throw new PorticoError('unauthenticated', 'Authentication required.', {
      hint: 'Send "Authorization: Bearer <token>" with a personal API token, or sign in.',
    });
  }
  if (audience === 'staff') assertStaff(user);
  if (audience === 'admin') assertAdmin(user);
  return user;
}

/** Parses a JSON body with a schema; malformed JSON and wrong fields are 4xx, never 500. */
export async function readJson<Schema extends z.ZodType>(
  context: APIContext,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const type = context.request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new PorticoError('invalid_input', 'Send the body as JSON with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await context.request.json();
  } catch (error) {
    if (isBodyLimitError(error)) throw new PorticoError('payload_too_large', 'The body is larger than 25 MiB.');
    throw new PorticoError('invalid_input', 'The body is not valid JSON.');
  }
  return parseInput(schema, body);
}

/** Export as `ALL` from an API route so unsupported methods get a 405 in the API's error shape. */
export function methodNotAllowed(context: APIContext): Response {
  return jsonError(405, 'method_not_allowed', `${context.request.method} is not supported on ${context.url.pathname}.`);
}
