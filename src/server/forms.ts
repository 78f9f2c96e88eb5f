import type { AstroGlobal } from 'astro';
import { httpStatusByCode, isPorticoError } from '../core/errors.ts';

export interface FormProblem {
  message: string;
  hint: string | null;
  fields: Record<string, string>;
}

/** The fields of a posted urlencoded or multipart form, as strings; null when the body is not a form. */
export async function readForm(request: Request): Promise<Record<string, string> | null> {
  try {
    const data = await request.formData();
    const values: Record<string, string> = {};
    for (const [key, value] of data) if (typeof value === 'string') values[key] = value;
    return values;
  } catch {
    return null;
  }
}

/** Turns a domain error into what a form shows, and sets the page's status; other errors propagate. */
export function formProblem(astro: AstroGlobal, error: unknown): FormProblem {
  if (!isPorticoError(error)) throw error;
  astro.response.status = httpStatusByCode[error.code];
  const retryAfter = error.details?.['retryAfterSeconds'];
  if (typeof retryAfter === 'number') astro.response.headers.set('Retry-After', String(retryAfter));
  const fields = (error.details?.['fields'] ?? {}) as Record<string, string>;
  return { message: error.message, hint: error.hint, fields };
}

export function clientMeta(astro: Pick<AstroGlobal, 'request' | 'clientAddress'>): {
  ip: string | null;
  userAgent: string | null;
} {
  let ip: string | null = null;
  try {
    ip = astro.clientAddress;
  } catch {
    ip = null;
  }
  return { ip, userAgent: astro.request.headers.get('user-agent') };
}
