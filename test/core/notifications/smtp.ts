import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it, with the body decoded for assertions. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

/** Undoes quoted-printable (soft line breaks and =XX bytes) so assertions read the text as written. */
function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < joined.length; index++) {
    const hex = joined[index] === '=' ? joined.slice(index + 1, index + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else bytes.push(...Buffer.from(joined[index]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

function parse(raw: string, to: string[]): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const subject = /^Subject: (.*)$/im.exec(head)?.[1]?.trim() ?? '';
  const qp = /^Content-Transfer-Encoding: quoted-printable/im.test(head);
  return { to, subject, text: qp ? decodeQuotedPrintable(body) : body.replace(/\r\n/g, '\n'), raw };
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. `failWith` makes it answer the
 * message's data with that SMTP code (4xx: try later, 5xx: refused) until cleared; `stop()` and
 * `start()` take it down and bring it back on the same port.
 */
export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  failWith: number | null;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  let server: SMTPServer | undefined;
  let port = 0;
  const smtp: TestSmtp = {
    url: '',
    received: [],
    failWith: null,
    async start() {
      const current = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            if (smtp.failWith !== null) {
              const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: smtp.failWith });
              callback(error);
              return;
            }
            const to = session.envelope.rcptTo.map((address) => address.address);
            smtp.received.push(parse(Buffer.concat(chunks).toString('utf8'), to));
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        current.once('error', reject);
        current.listen(port, '127.0.0.1', () => resolve());
      });
      port = (current.server.address() as AddressInfo).port;
      smtp.url = `smtp://127.0.0.1:${port}`;
      server = current;
    },
    async stop() {
      const current = server;
      server = undefined;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
  await smtp.start();
  return smtp;
}
