import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core/context.ts';
import { publicContentVersion } from '../core/public-content/index.ts';
import type { EarlyAnswer } from './early-answer.ts';
import type { KeptPage, PageCache } from './page-cache.ts';
import { readerCookieName } from './reader-cookie.ts';
import { requestIdFor } from './request-id.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { sessionCookieName } from './session-cookie.ts';

const anyOrigin = 'http://portico.invalid';

/**
 * The path of a request a kept page may answer, judged from the raw request the way the middleware's
 * anonymousPageCache judges Astro's: a GET with no query, no body and no session or reader cookie.
 * Cookie names are matched anywhere in the header, so whatever resembles one is left to Astro.
 */
export function keptPagePath(request: IncomingMessage): string | undefined {
  const { headers } = request;
  if (request.method !== 'GET' || headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined)
    return undefined;
  const target = request.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//') || target.includes('?')) return undefined;
  if (headers.cookie?.includes(sessionCookieName) || headers.cookie?.includes(readerCookieName)) return undefined;
  return new URL(target, anyOrigin).pathname;
}

/**
 * Answers a request with a kept page before Astro's pipeline, which costs most of what serving a kept
 * page through the middleware does. The answer is the one the middleware would give: the kept headers
 * and body, `X-Portico-Cache: hit`, the security headers, a request id, the view counted, the request logged.
 */
export function keptPageAnswer(pages: PageCache, coreOf: () => Core): EarlyAnswer {
  const headersOf = new WeakMap<KeptPage, string[]>();

  function answerHeaders(page: KeptPage, https: boolean): string[] {
    let flat = headersOf.get(page);
    if (!flat) {
      const headers = new Headers(page.headers);
      headers.set('X-Portico-Cache', 'hit');
      applySecurityHeaders(headers, https);
      if (!headers.has('Content-Length')) headers.set('Content-Length', String(page.body.byteLength));
      flat = [...headers].flat();
      headersOf.set(page, flat);
    }
    return flat;
  }

  async function answer(path: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const started = performance.now();
    const core = coreOf();
    let page: KeptPage | undefined;
    try {
      page = pages.find(path, await publicContentVersion(core));
    } catch {
      // Astro's pipeline will meet the same failure and answer it properly.
      return false;
    }
    if (!page) return false;
    page.onReuse?.();
    const requestId = requestIdFor(request.headers['x-request-id']);
    const https = core.config.publicUrl.protocol === 'https:';
    response.writeHead(page.status, [...answerHeaders(page, https), 'x-request-id', requestId]);
    response.end(page.body);
    if (core.log.isLevelEnabled('info'))
      core.log
        .child({ reqId: requestId })
        .info({ method: 'GET', path, status: page.status, ms: Math.round(performance.now() - started) }, 'request');
    return true;
  }

  return (request, response) => {
    const path = keptPagePath(request);
    if (path === undefined || !pages.holds(path)) return false;
    return answer(path, request, response);
  };
}
