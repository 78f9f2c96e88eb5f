/** The largest request body Portico reads (attachments included); larger ones get 413. */
export const maxBodyBytes = 25 * 1024 * 1024;

/** Whether a request announces a body larger than Portico reads. */
export function declaresOversizedBody(request: Request): boolean {
  const length = Number(request.headers.get('content-length') ?? 0);
  return Number.isFinite(length) && length > maxBodyBytes;
}

/** The error the adapter raises mid-read when a body without Content-Length grows past the limit. */
export function isBodyLimitError(error: unknown): boolean {
  return error instanceof Error && /body size limit/i.test(error.message);
}
