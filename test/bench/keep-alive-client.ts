/**
 * The load benchmark's HTTP client: one keep-alive socket, a request written as one buffer, the
 * answer read just far enough to know its status and where its body ends (Content-Length or chunked).
 * The client shares the two cores with the server it measures; fetch costs about five times, and
 * node:http about three times, the CPU per request that this does, as autocannon's own client avoids too.
 */
import net from 'node:net';

export interface Answer {
  status: number;
  body: string;
}

interface Pending {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

const headerEnd = Buffer.from('\r\n\r\n');

/** Where a chunked body ends in `data` (after its last chunk and blank line), or -1 if it has not arrived. */
function chunkedEnd(data: Buffer, start: number, chunks: Buffer[]): number {
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) return -1;
    const size = Number.parseInt(data.toString('latin1', at, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error('malformed chunked body');
    if (size === 0) {
      const end = data.indexOf(headerEnd, lineEnd);
      return end === -1 ? -1 : end + 4;
    }
    const next = lineEnd + 2 + size + 2;
    if (data.length < next) return -1;
    chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = next;
  }
}

export class KeepAliveConnection {
  readonly #url: URL;
  #socket: net.Socket | undefined;
  #received: Buffer = Buffer.alloc(0);
  #pending: Pending | undefined;

  constructor(origin: string) {
    this.#url = new URL(origin);
  }

  /** Sends one request and resolves with the answer; one request at a time per connection. */
  request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
    if (this.#pending) return Promise.reject(new Error('a request is already in flight on this connection'));
    const socket = this.#socket ?? this.#connect();
    const payload = body === undefined ? undefined : Buffer.from(body);
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.#url.host}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    if (payload) head += `Content-Length: ${payload.length}\r\n`;
    head += '\r\n';
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      socket.write(payload ? Buffer.concat([Buffer.from(head), payload]) : head);
    });
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
    this.#received = Buffer.alloc(0);
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(new Error('the connection was closed'));
  }

  #connect(): net.Socket {
    const socket = net.connect({ host: this.#url.hostname, port: Number(this.#url.port), noDelay: true });
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    const fail = (error: Error) => {
      // A socket this connection has already let go of (closed after `Connection: close`) fails no one.
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#received = Buffer.alloc(0);
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection')));
    this.#socket = socket;
    return socket;
  }

  #receive(chunk: Buffer): void {
    const data = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
    this.#received = data;
    const headEnd = data.indexOf(headerEnd);
    if (headEnd === -1) return;
    const head = data.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    const chunks: Buffer[] = [];
    let end: number;
    let body: Buffer;
    try {
      if (length) {
        end = headEnd + 4 + Number(length[1]);
        if (data.length < end) return;
        body = data.subarray(headEnd + 4, end);
      } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
        end = chunkedEnd(data, headEnd + 4, chunks);
        if (end === -1) return;
        body = Buffer.concat(chunks);
      } else {
        end = headEnd + 4;
        body = Buffer.alloc(0);
      }
    } catch (error) {
      this.#socket?.destroy(error as Error);
      return;
    }
    this.#received = data.subarray(end);
    const pending = this.#pending;
    this.#pending = undefined;
    if (/\r\nconnection: *close/i.test(head)) this.close();
    pending?.resolve({ status, body: body.toString() });
  }
}
