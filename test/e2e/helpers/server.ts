import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const cliPath = path.join(projectRoot, 'src/cli/portico.ts');

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

export interface TestServer {
  url: string;
  dataDir: string;
  /** The `portico start` process. */
  pid: number;
  logins: DemoLogin[];
  login(role: 'admin' | 'agent' | 'customer', index?: number): DemoLogin;
  output(): string;
  stop(): Promise<void>;
  /** Kills the process with a signal (SIGKILL: as a crash would) and keeps the data directory. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs the CLI to completion with a data directory, returning its exit code and output. */
export async function runCli(
  args: string[],
  environment: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: projectRoot,
    env: { ...process.env, PORTICO_LOG_LEVEL: 'warn', ...environment },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number>((resolve) => child.on('close', (exitCode) => resolve(exitCode ?? 1)));
  return { code, stdout, stderr };
}

function parseLogins(output: string): DemoLogin[] {
  return [...output.matchAll(/^\s+(admin|agent|customer)\s+(\S+@\S+)\s+(\S+)$/gm)].map((m) => ({
    role: m[1]!,
    email: m[2]!,
    password: m[3]!,
  }));
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}

/**
 * Starts `portico start` on a free port with a fresh data directory (demo data unless `demo: false`),
 * as a person would, and waits until /healthz answers.
 */
export async function startServer(
  options: { demo?: boolean; environment?: Record<string, string>; dataDir?: string; port?: number } = {},
): Promise<TestServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'portico-e2e-'));
  const url = `http://localhost:${port}`;
  const args = [cliPath, 'start', ...(options.demo === false ? ['--no-demo'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      PORTICO_DATA_DIR: dataDir,
      PORTICO_LOG_LEVEL: 'warn',
      ...options.environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitForHealth(url, child, () => output);
  const logins = parseLogins(output);
  return {
    url,
    dataDir,
    pid: child.pid ?? 0,
    logins,
    login(role, index = 0) {
      const found = logins.filter((login) => login.role === role)[index];
      if (!found) throw new Error(`no demo ${role} #${index}`);
      return found;
    },
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The outbox's messages, oldest first, as raw text. */
export function readOutbox(dataDir: string): string[] {
  const outbox = path.join(dataDir, 'outbox');
  if (!fs.existsSync(outbox)) return [];
  return fs
    .readdirSync(outbox)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => fs.readFileSync(path.join(outbox, name), 'utf8'));
}

/** The first link in the newest message to `to` whose path starts with prefix. */
export function linkFromMail(dataDir: string, to: string, prefix: string): string {
  const messages = readOutbox(dataDir).filter((message) => message.includes(`To: ${to}`));
  const text = (messages.at(-1) ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = text.match(new RegExp(`https?://\\S+${prefix}\\S*`));
  if (!match) throw new Error(`no ${prefix} link in mail to ${to}`);
  return match[0];
}

/**
 * Signs in through the form contract (urlencoded email and password) and returns the session cookie as
 * a Cookie header value; anything but the contract's 303 redirect fails the test.
 */
export async function sessionCookie(baseUrl: string, login: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: login.email, password: login.password }),
    redirect: 'manual',
  });
  if (response.status !== 303) throw new Error(`sign-in as ${login.email} answered ${response.status}, not 303`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}
