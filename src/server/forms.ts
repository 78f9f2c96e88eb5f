import type { AstroGlobal } from 'astro';
import { httpStatusByCode, isPorticoError, PorticoError } from '../core/errors.ts';
import { isBodyLimitError } from './body-limit.ts';

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

/**
 * Reads a posted multipart form (one with files). A body over the limit or one that cannot be read
 * becomes a form problem with a clear message, and the page's status is set; never a 500.
 */
export async function readFormWithFiles(
  astro: AstroGlobal,
): Promise<{ data: FormData | null; problem: FormProblem | null }> {
  const { t } = astro.locals;
  try {
    return { data: await astro.request.formData(), problem: null };
  } catch (error) {
    const problem = isBodyLimitError(error)
      ? new PorticoError('payload_too_large', t('requests.form.tooLarge'), { hint: t('requests.form.tooLargeHint') })
      : new PorticoError('invalid_input', t('requests.form.unreadable'), { hint: t('requests.form.unreadableHint') });
    return { data: null, problem: formProblem(astro, problem) };
  }
}
