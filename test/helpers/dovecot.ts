import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/** Debian's dovecot-imapd (installed by .ci/run). */
export const dovecotBin = process.env['DOVECOT_BIN'] ?? '/usr/sbin/dovecot';

/** A throw-away IMAP server on loopback with one mailbox, for tests. */
export interface TestImap {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Puts a message into INBOX (unseen unless flags say otherwise). */
  append(raw: string | Buffer, flags?: string[]): Promise<void>;
  /** The messages in INBOX: uid, whether \Seen, subject. */
  messages(): Promise<{ uid: number; seen: boolean; subject: string }[]>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
  throw new Error(`dovecot did not start on port ${port}: ${tail}`);
}

/** The uid and gid that own the mail: dovecot refuses to run mail processes as root. */
function mailOwner(): { uid: number; gid: number; name: string } {
  const info = os.userInfo();
  if (info.uid !== 0) return { uid: info.uid, gid: info.gid, name: info.username };
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('dovecot:'));
  if (!line) throw new Error('no "dovecot" user: install dovecot-imapd');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid), name: 'dovecot' };
}

function config(dir: string, port: number, owner: { uid: number; gid: number; name: string }): string {
  const root = os.userInfo().uid === 0;
  const me = os.userInfo().username;
  return [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `mail_location = maildir:${dir}/mail/%u`,
    'first_valid_uid = 1',
    ...(root
      ? ['default_internal_user = root', 'default_internal_group = root']
      : [`default_login_user = ${me}`, `default_internal_user = ${me}`, `default_internal_group = ${me}`]),
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN ${dir}/users`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u`,
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '  chroot =',
    '}',
    'service anvil {',
    '  chroot =',
    '}',
    ...(root
      ? [
          'service auth-worker {',
          '  user = root',
          '}',
          'service stats {',
          '  unix_listener stats-reader {',
          '    user = root',
          '  }',
          '  unix_listener stats-writer {',
          '    user = root',
          '  }',
          '}',
        ]
      : []),
    '',
  ].join('\n');
}

/**
 * Starts Debian's dovecot in the foreground (`-F`) on a free loopback port, with a configuration, a
 * passwd file (user "desk") and maildirs in a temporary folder; stop() ends it and removes the folder.
 * @example
 * const imap = await startDovecot();
 * await imap.append('From: casey@northwind.example\r\nSubject: Hi\r\n\r\nHello');
 */
export async function startDovecot(): Promise<TestImap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-dovecot-'));
  // The login and mail processes run as other users; they must be able to reach the folder.
  fs.chmodSync(dir, 0o755);
  const owner = mailOwner();
  for (const sub of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(dir, sub));
  fs.chownSync(path.join(dir, 'mail'), owner.uid, owner.gid);
  fs.chownSync(path.join(dir, 'home'), owner.uid, owner.gid);
  const user = 'desk';
  const password = 'imap-test-password';
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  const port = await freePort();
  const file = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(file, config(dir, port, owner));
  const child = spawn(dovecotBin, ['-F', '-c', file], { stdio: 'ignore' });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  await waitForPort(port, child, path.join(dir, 'dovecot.log'));

  async function withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    append: (raw, flags = []) =>
      withClient(async (client) => {
        await client.append('INBOX', typeof raw === 'string' ? Buffer.from(raw) : raw, flags);
      }),
    messages: () =>
      withClient(async (client) => {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const found: { uid: number; seen: boolean; subject: string }[] = [];
          if ((client.mailbox && client.mailbox.exists === 0) || !client.mailbox) return found;
          for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
            found.push({
              uid: message.uid,
              seen: message.flags?.has('\\Seen') ?? false,
              subject: message.envelope?.subject ?? '',
            });
          }
          return found.sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      }),
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
