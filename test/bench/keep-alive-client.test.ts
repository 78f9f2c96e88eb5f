import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeepAliveConnection } from './keep-alive-client.ts';

let server: http.Server;
let origin: string;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    sockets.add(request.socket);
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/chunked') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first part, ');
        setTimeout(() => response.end('second part — done'), 20);
      } else if (request.url === '/close') {
        response.writeHead(503, { connection: 'close', 'content-length': '4' }).end('gone');
      } else if (request.url === '/empty') {
        response.writeHead(204).end();
      } else {
        const answer = JSON.stringify({
          method: request.method,
          url: request.url,
          body,
          auth: request.headers.authorization,
        });
        response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        response.end(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('KeepAliveConnection', () => {
  it('sends requests with headers and bodies one after another on one socket', async () => {
    const connection = new KeepAliveConnection(origin);
    sockets.clear();
    const posted = await connection.request('POST', '/tickets', { authorization: 'Bearer t' }, '{"subject":"café"}');
    expect(posted.status).toBe(201);
    expect(JSON.parse(posted.body)).toEqual({
      method: 'POST',
      url: '/tickets',
      body: '{"subject":"café"}',
      auth: 'Bearer t',
    });
    const chunked = await connection.request('GET', '/chunked');
    expect(chunked).toEqual({ status: 200, body: 'first part, second part — done' });
    expect(await connection.request('GET', '/empty')).toEqual({ status: 204, body: '' });
    expect((await connection.request('GET', '/again')).status).toBe(201);
    expect(sockets.size).toBe(1);
    connection.close();
  });

  it('opens a new socket after the server closed the last one', async () => {
    const connection = new KeepAliveConnection(origin);
    sockets.clear();
    expect(await connection.request('GET', '/close')).toEqual({ status: 503, body: 'gone' });
    expect((await connection.request('GET', '/after')).status).toBe(201);
    expect(sockets.size).toBe(2);
    connection.close();
  });

  it('refuses a second request while one is in flight, and rejects when nothing listens', async () => {
    const connection = new KeepAliveConnection(origin);
    const first = connection.request('GET', '/chunked');
    await expect(connection.request('GET', '/other')).rejects.toThrow(/in flight/);
    expect((await first).status).toBe(200);
    connection.close();
    const nowhere = new KeepAliveConnection('http://127.0.0.1:9');
    await expect(nowhere.request('GET', '/')).rejects.toThrow();
  });
});
