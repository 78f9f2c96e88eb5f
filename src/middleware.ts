import { defineMiddleware, sequence } from 'astro:middleware';
import { authenticateApiToken, authenticateSession, needsSetup } from './core/auth/index.ts';
import { isPluginEnabled } from './core/plugins/index.ts';
import { publicContentVersion } from './core/public-content/index.ts';
import { createTranslator } from './i18n/index.ts';
import { jsonError } from './server/api.ts';
import { declaresOversizedBody, maxBodyBytes } from './server/body-limit.ts';
import { getCore } from './server/core.ts';
import { offerEarlyAnswer } from './server/early-answer.ts';
import { clientMeta } from './server/forms.ts';
import { keptPageAnswer } from './server/kept-page-answer.ts';
import { createPageCache } from './server/page-cache.ts';
import { readerCookieName } from './server/reader-cookie.ts';
import { requestIdFor } from './server/request-id.ts';
import { createRequestRateLimiter } from './server/request-rate.ts';
import type { RequestRateLimiter } from './server/request-rate.ts';
import { isCrossSiteRequest } from './server/csrf.ts';
import { applySecurityHeaders } from './server/security-headers.ts';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './server/session-cookie.ts';

const translate = createTranslator('en');

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** Request id, logger, core and translator on locals; one log line per request; security headers on every answer. */
const requestContext = defineMiddleware(async (context, next) => {
  const core = getCore();
  const requestId = requestIdFor(context.request.headers.get('x-request-id'));
  const started = performance.now();
  Object.assign(context.locals, {
    core,
    requestId,
    log: core.log.child({ reqId: requestId }),
    t: translate,
    user: null,
    session: null,
    authMethod: null,
  });
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    context.locals.log.error({ err: error }, 'request failed');
    response = isApiPath(context.url.pathname)
      ? jsonError(
          500,
          'internal',
          `Something went wrong on our side. Quote request id ${requestId} when you report it.`,
        )
      : new Response(translate('error.500.body', { requestId }), {
          status: 500,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        });
  }
  if (Object.isFrozen(response.headers) || response.type === 'opaqueredirect')
    response = new Response(response.body, response);
  try {
    response.headers.set('X-Request-Id', requestId);
  } catch {
    response = new Response(response.body, response);
    response.headers.set('X-Request-Id', requestId);
  }
  applySecurityHeaders(response.headers, core.config.publicUrl.protocol === 'https:');
  if (context.locals.user && !response.headers.has('Cache-Control'))
    response.headers.set('Cache-Control', 'private, no-store');
  context.locals.log.info(
    {
      method: context.request.method,
      path: context.url.pathname,
      status: response.status,
      ms: Math.round(performance.now() - started),
    },
    'request',
  );
  return response;
});

/**
 * Refuses unsafe cross-site requests before anything reads the body or the session. API calls with a
 * Bearer token are exempt: a browser never attaches one on its own, so they cannot be forged.
 */
const crossSiteGuard = defineMiddleware((context, next) => {
  const bearer = isApiPath(context.url.pathname) && context.request.headers.has('authorization');
  if (bearer || !isCrossSiteRequest(context.request, context.locals.core.config.publicUrl.origin)) return next();
  context.locals.log.warn({ origin: context.request.headers.get('origin') }, 'cross-site request refused');
  return isApiPath(context.url.pathname)
    ? jsonError(403, 'forbidden', 'Cross-site requests are not allowed.')
    : new Response(translate('error.crossSite'), {
        status: 403,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
});

/** Authenticates (never authorizes): a Bearer token for the API, else the session cookie. */
const authenticate = defineMiddleware(async (context, next) => {
  const { core } = context.locals;
  const authorization = context.request.headers.get('authorization');
  if (authorization !== null && isApiPath(context.url.pathname)) {
    const [scheme, token] = authorization.split(' ');
    const user =
      scheme?.toLowerCase() === 'bearer' && token ? await authenticateApiToken(core, token.trim()) : undefined;
    if (!user) return jsonError(401, 'unauthenticated', 'The API token is invalid or revoked.');
    context.locals.user = user;
    context.locals.authMethod = 'token';
    return next();
  }
  const token = context.cookies.get(sessionCookieName)?.value;
  if (token) {
    const found = await authenticateSession(core, token);
    if (found) {
      context.locals.user = found.user;
      context.locals.session = found.session;
      context.locals.authMethod = 'session';
      setSessionCookie(context.cookies, core, token, found.session.expiresAt);
    } else {
      clearSessionCookie(context.cookies, core);
    }
  }
  return next();
});

/** Once an administrator exists the portal never needs setup again, so the question is asked until then only. */
let setupDone = false;
const pagesBeforeSetup = new Set(['/setup', '/healthz', '/theme.css']);

/** A portal started with --no-demo has no accounts: every page visit goes to /setup until it has an admin. */
const firstVisitSetup = defineMiddleware(async (context, next) => {
  if (
    setupDone ||
    context.request.method !== 'GET' ||
    pagesBeforeSetup.has(context.url.pathname) ||
    isApiPath(context.url.pathname)
  ) {
    return next();
  }
  if (await needsSetup(context.locals.core)) return context.redirect('/setup', 303);
  setupDone = true;
  return next();
});

/** A body announced larger than the limit is refused before anyone reads it; the connection is closed. */
const bodyLimit = defineMiddleware((context, next) => {
  if (!declaresOversizedBody(context.request)) return next();
  const message = translate('error.tooLarge', { megabytes: maxBodyBytes / 1024 / 1024 });
  const response = isApiPath(context.url.pathname)
    ? jsonError(413, 'payload_too_large', message)
    : new Response(message, { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  response.headers.set('Connection', 'close');
  return response;
});

/**
 * The plugin a route belongs to: its pages under /plugins/<id>/, its actions under /_actions/<id>.<name>.
 * Matched on the route's pattern (what Astro resolved), not on the raw path.
 */
function pluginOfRoute(routePattern: string, pathname: string): string | null {
  const page = /^\/plugins\/([a-z][a-z0-9-]*)(?:\/|$)/.exec(routePattern);
  if (page) return page[1] ?? null;
  const action = /^\/_actions\/([a-z][a-z0-9-]*)\./.exec(pathname);
  return action ? (action[1] ?? null) : null;
}

/**
 * A plugin an admin disabled (or safe mode, or the circuit breaker) answers 404 at once, on every
 * instance: its state is read from the database on each request. Plugin pages check again themselves.
 */
const pluginGate = defineMiddleware(async (context, next) => {
  const pluginId = pluginOfRoute(context.routePattern, context.url.pathname);
  if (pluginId === null || (await isPluginEnabled(context.locals.core, pluginId))) return next();
  return new Response(translate('error.404.body'), {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
});

const searchPaths = new Set(['/search', '/api/v1/search']);
let searchRate: RequestRateLimiter | null = null;

/** Searches are limited per client (the signed-in user, else the address) so that a scraper cannot hog the CPU. */
const searchRateLimit = defineMiddleware((context, next) => {
  if (!searchPaths.has(context.url.pathname.replace(/(.)\/+$/, '$1'))) return next();
  searchRate ??= createRequestRateLimiter(context.locals.core.config.searchRateLimit);
  const client = context.locals.user ? `user:${context.locals.user.id}` : `ip:${clientMeta(context).ip ?? 'unknown'}`;
  const waitSeconds = searchRate.take(client);
  if (waitSeconds === null) return next();
  const message = translate('error.searchRate', { seconds: waitSeconds });
  const response = isApiPath(context.url.pathname)
    ? jsonError(429, 'too_many_requests', message)
    : new Response(message, { status: 429, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  response.headers.set('Retry-After', String(waitSeconds));
  return response;
});

const sharedPages = createPageCache({ maxBytes: 32 * 1024 * 1024, maxAgeMs: 60_000 });
/** Routes a page has offered to share; only their requests pay for reading the public content version. */
const sharingRoutes = new Set<string>();
// `portico start` answers kept pages before Astro's pipeline; the step below still serves them under `astro dev`.
offerEarlyAnswer(keptPageAnswer(sharedPages, getCore));

/**
 * Serves a page every anonymous reader is shown alike from memory while the public content under it is
 * unchanged (src/server/page-cache.ts). A request with a query, a session or a reader cookie (which
 * shows that reader's own vote) is always rendered.
 */
const anonymousPageCache = defineMiddleware(async (context, next) => {
  const shareable =
    context.request.method === 'GET' &&
    context.url.search === '' &&
    context.locals.user === null &&
    !context.cookies.has(sessionCookieName) &&
    !context.cookies.has(readerCookieName) &&
    !isApiPath(context.url.pathname);
  if (!shareable) return next();
  const known = sharingRoutes.has(context.routePattern);
  const version = known ? await publicContentVersion(context.locals.core) : undefined;
  const key = context.url.pathname;
  const kept = version === undefined ? undefined : sharedPages.find(key, version);
  if (kept) {
    kept.onReuse?.();
    const headers = new Headers(kept.headers);
    headers.set('X-Portico-Cache', 'hit');
    return new Response(kept.body, { status: kept.status, headers });
  }
  const response = await next();
  const offer = context.locals.sharedWithAnonymousReaders;
  const setsCookies = response.headers.has('Set-Cookie') || !context.cookies.headers().next().done;
  if (!offer || response.status !== 200 || setsCookies) return response;
  sharingRoutes.add(context.routePattern);
  if (version === undefined) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = [...response.headers];
  sharedPages.keep(key, { status: response.status, headers, body, version, onReuse: offer.onReuse });
  const answer = new Response(body, { status: response.status, headers });
  answer.headers.set('X-Portico-Cache', 'miss');
  return answer;
});

export const onRequest = sequence(
  requestContext,
  crossSiteGuard,
  bodyLimit,
  firstVisitSetup,
  authenticate,
  anonymousPageCache,
  searchRateLimit,
  pluginGate,
);
