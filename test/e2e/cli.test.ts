import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ demo: false });
});

afterAll(async () => {
  await server?.stop();
});

describe('portico start --no-demo', () => {
  it('leaves the portal empty and offers /setup once', async () => {
    expect(server.logins).toEqual([]);
    expect(server.output()).toContain('/setup');
    const home = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/setup');
    const page = await fetch(`${server.url}/setup`);
    expect(page.status).toBe(200);
    const created = await fetch(`${server.url}/setup`, {
      method: 'POST',
      body: new URLSearchParams({
        organisationName: 'Acme IT',
        name: 'Ada Admin',
        email: 'ada@acme.example',
        password: 'first admin passphrase',
      }),
      redirect: 'manual',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/admin?notice=setup-complete');
    expect((await fetch(`${server.url}/setup`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { redirect: 'manual' })).status).toBe(200);
    const again = await fetch(`${server.url}/setup`, {
      method: 'POST',
      body: new URLSearchParams({
        organisationName: 'Evil',
        name: 'Eve',
        email: 'eve@evil.example',
        password: 'takeover passphrase',
      }),
      redirect: 'manual',
    });
    expect(again.status).toBe(404);
  });
});

describe('portico user create and token create', () => {
  it('prints a token that authenticates against /api/v1/me', async () => {
    const environment = { PORTICO_DATA_DIR: server.dataDir };
    const created = await runCli(
      ['user', 'create', '--email', 'Ana@Example.org', '--name', 'Ana Agent', '--role', 'agent'],
      environment,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('email: ana@example.org');
    const token = await runCli(['token', 'create', '--email', 'ana@example.org', '--label', 'e2e'], environment);
    expect(token.code).toBe(0);
    const value = token.stdout.trim().split('\n').at(-1)!;
    expect(value).toMatch(/^pt_[a-z2-7]{52}$/);
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${value}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).user).toMatchObject({ email: 'ana@example.org', role: 'agent', name: 'Ana Agent' });
  });

  it('answers bad arguments with one line and exit code 1', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-cli-'));
    const environment = { PORTICO_DATA_DIR: dataDir };
    const cases: [string[], string][] = [
      [
        ['user', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'wizard'],
        '--role must be one of customer, agent, admin',
      ],
      [['user', 'create', '--email', 'not-an-email', '--name', 'X', '--role', 'agent'], 'Enter a valid email address'],
      [['user', 'create', '--name', 'X', '--role', 'agent'], '--email is required'],
      [
        ['user', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'agent', '--password', 'short'],
        'Use at least 8 characters',
      ],
      [['user', 'create', '--bogus'], "Unknown option '--bogus'"],
      [['token', 'create'], '--email is required'],
      [['token', 'create', '--email', 'nobody@example.org'], 'no account with the email nobody@example.org'],
      [['frobnicate'], "unknown command 'frobnicate'"],
      [['user', 'delete'], "unknown subcommand 'delete'"],
      [['seed'], '--demo'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, environment);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    const badEnvironment = await runCli(['migrate'], { ...environment, PORT: 'eighty' });
    expect(badEnvironment.code).toBe(1);
    expect(badEnvironment.stderr).toContain('PORT');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second account with the same email', async () => {
    const result = await runCli(
      ['user', 'create', '--email', 'ana@example.org', '--name', 'Ana Again', '--role', 'customer'],
      {
        PORTICO_DATA_DIR: server.dataDir,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('An account with that email already exists.');
  });
});
