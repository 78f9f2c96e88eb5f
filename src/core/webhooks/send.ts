import http from 'node:http';
import https from 'node:https';
import type { ResolvedAddress } from './url-policy.ts';
import { pinnedLookup } from './url-policy.ts';

/** What one POST got back: the status and the first 1 KB of the body. */
export interface SendResult {
  statusCode: number;
  body: string;
}

const keepBytes = 1024;

/**
 * POSTs a body to a URL, connecting only to the vetted addresses (the host name is kept for the Host
 * header, TLS SNI and certificate checks). Redirects are not followed: a 3xx is just an answer. Rejects on
 * network errors and when the whole exchange takes longer than timeoutMs.
 */
export function postPinned(
  url: URL,
  addresses: ResolvedAddress[],
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, result?: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result!);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(addresses) as never,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          finish(null, {
            statusCode: response.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, keepBytes).toString('utf8'),
          });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (size < keepBytes) chunks.push(chunk);
          size += chunk.length;
          // Enough to log; a receiver that streams forever must not hold the worker.
          if (size >= keepBytes) done();
        });
        response.on('end', done);
        response.on('error', (error) => finish(error));
      },
    );
    const timer = setTimeout(() => {
      finish(new Error(`No answer within ${timeoutMs / 1000} s.`));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => finish(error));
    request.end(body);
  });
}
