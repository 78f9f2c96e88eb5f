/**
 * A small client for the parts of Meilisearch's HTTP API that the engine uses: JSON requests with a
 * timeout, and waiting for the asynchronous tasks that every write returns.
 */

/**
 * Meilisearch cannot be used right now: it did not answer (down, wrong URL, timeout), answered with a
 * server error, refused the API key, or has no index yet. Callers fall back to the local engine and log it.
 */
export class SearchUnavailableError extends Error {
  override readonly name = 'SearchUnavailableError';
}

/** Meilisearch answered but refused the request, or a task it accepted failed (`code` is Meilisearch's). */
export class MeilisearchError extends Error {
  override readonly name = 'MeilisearchError';
  readonly code: string;
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

export interface MeilisearchTask {
  uid: number;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  type: string;
  error?: { message: string; code: string } | null;
}

export interface MeilisearchClientOptions {
  url: string;
  apiKey?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** For each HTTP request. */
  timeoutMs: number;
  /** For a task to finish once enqueued. */
  taskTimeoutMs: number;
}

export interface MeilisearchClient {
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Resolves when the task succeeded; throws MeilisearchError when it failed or was canceled. */
  waitForTask(taskUid: number): Promise<MeilisearchTask>;
}

interface ApiError {
  message?: unknown;
  code?: unknown;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createMeilisearchClient(options: MeilisearchClientOptions): MeilisearchClient {
  const base = options.url.replace(/\/+$/, '');
  // Say where, never with what key (and without credentials someone may have put in the URL).
  const where = (() => {
    try {
      return new URL(base).origin;
    } catch {
      return 'the configured URL';
    }
  })();
  const doFetch = options.fetch ?? fetch;
  // fetch asks for gzip/br by default; Meilisearch then compresses every answer over ~1 KB and each one
  // stalls about 40 ms (measured on loopback with v1.21), which is ten times the search itself.
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Accept-Encoding': 'identity' };
  if (options.apiKey) headers['Authorization'] = `Bearer ${options.apiKey}`;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let status: number;
    let text: string;
    try {
      const response = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${options.timeoutMs} ms`
          : error instanceof Error
            ? (error.cause instanceof Error ? error.cause.message : '') || error.message
            : String(error);
      throw new SearchUnavailableError(`Meilisearch at ${where} is unreachable (${method} ${path}: ${reason}).`, {
        cause: error,
      });
    }
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new SearchUnavailableError(
        `Meilisearch at ${where} answered ${method} ${path} with ${status} and a body that is not JSON; is MEILISEARCH_URL a Meilisearch server?`,
      );
    }
    if (status >= 200 && status < 300) return json as T;
    const apiError = (json ?? {}) as ApiError;
    const code = typeof apiError.code === 'string' ? apiError.code : `http_${status}`;
    const message = typeof apiError.message === 'string' ? apiError.message : `HTTP ${status}`;
    if (status === 401 || status === 403) {
      throw new SearchUnavailableError(
        `Meilisearch at ${where} refused the API key (${code}): set MEILISEARCH_API_KEY to a key with access to the index.`,
      );
    }
    if (status >= 500 || status === 429) {
      throw new SearchUnavailableError(`Meilisearch at ${where} failed ${method} ${path}: ${message} (${code}).`);
    }
    throw new MeilisearchError(`Meilisearch refused ${method} ${path}: ${message}`, code);
  }

  async function waitForTask(taskUid: number): Promise<MeilisearchTask> {
    const deadline = Date.now() + options.taskTimeoutMs;
    // Small tasks finish in a few milliseconds: poll fast first, then back off.
    let interval = 4;
    for (;;) {
      const task = await request<MeilisearchTask>('GET', `/tasks/${taskUid}`);
      if (task.status === 'succeeded') return task;
      if (task.status === 'failed' || task.status === 'canceled') {
        const code = task.error?.code ?? task.status;
        const message = task.error?.message ?? `the task was ${task.status}`;
        throw new MeilisearchError(`Meilisearch task ${taskUid} (${task.type}) failed: ${message}`, code);
      }
      if (Date.now() >= deadline) {
        throw new SearchUnavailableError(
          `Meilisearch task ${taskUid} (${task.type}) is still ${task.status} after ${options.taskTimeoutMs} ms.`,
        );
      }
      await pause(interval);
      interval = Math.min(interval * 2, 200);
    }
  }

  return { request, waitForTask };
}
