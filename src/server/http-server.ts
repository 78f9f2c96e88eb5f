import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError } from '../core/config.ts';
import type { Config } from '../core/config.ts';
import { earlyAnswer } from './early-answer.ts';
import { settleForwardedHeaders, trustedProxyList } from './forwarded-headers.ts';

interface AstroNodeEntry {
  handler: (request: IncomingMessage, response: ServerResponse) => void;
}

/**
 * Serves the built site with our own HTTP server around the adapter's handler, so forwarded headers
 * are settled against the trusted proxies before Astro derives the client address from them, and a
 * page kept for anonymous readers is answered without Astro's pipeline (src/server/kept-page-answer.ts).
 */
export async function serveBuiltSite(entryUrl: string, config: Config): Promise<http.Server> {
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const entry = (await import(entryUrl)) as AstroNodeEntry;
  const trusted = trustedProxyList(config.trustedProxies);
  const server = http.createServer((request, response) => {
    settleForwardedHeaders(request, trusted);
    const answering = earlyAnswer()?.(request, response);
    if (!answering) {
      entry.handler(request, response);
      return;
    }
    void answering.then((answered) => {
      if (!answered) entry.handler(request, response);
    });
  });
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(
              `PORT: ${config.host}:${config.port} is already in use; stop the other server or choose another PORT`,
            )
          : error,
      );
    server.once('error', refuse);
    server.listen(config.port, config.host, () => {
      server.off('error', refuse);
      resolve();
    });
  });
  return server;
}
