import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeIngest, ingestFrom } from '../../../src/cli/mail.ts';
import { createRequestType } from '../../../src/core/catalog/index.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { closeCore, createCore } from '../../../src/core/context.ts';
import { migrateToLatest } from '../../../src/core/db/index.ts';
import { createMailbox } from '../../../src/core/mail/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { createMailWorld, deskAddress, eml } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

describe('ingestFrom (portico mail ingest)', () => {
  let world: MailWorld;
  beforeEach(async () => {
    world = await createMailWorld();
  });
  afterEach(() => world.close());

  it('reads a message from standard input into a ticket and describes the result', async () => {
    const result = await ingestFrom(world.core, Readable.from([Buffer.from(eml({}))]), { mailbox: deskAddress });
    expect(describeIngest(result)).toEqual(['outcome: ticket', `ticket: PT-${result.ticketNumber}`]);
  });

  it('refuses an unknown --mailbox and empty input', async () => {
    await expect(
      ingestFrom(world.core, Readable.from([Buffer.from(eml({}))]), { mailbox: 'x@y.example' }),
    ).rejects.toThrow('portico mail ingest: no mailbox with the address x@y.example');
    await expect(ingestFrom(world.core, Readable.from([]), {})).rejects.toThrow('no message on standard input');
  });
});

describe('portico mail ingest (spawned)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-cli-mail-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 with the ticket on stdout, and 1 with one line on stderr when no mailbox is set up', async () => {
    const env = { ...process.env, PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent', DATABASE_URL: '' };
    const run = () =>
      spawnSync(process.execPath, ['src/cli/portico.ts', 'mail', 'ingest'], { input: eml({}), env, encoding: 'utf8' });
    const refused = run();
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      'portico: No mailbox is set up to take mail. Add one under Admin → Channels (or pass --mailbox ADDRESS).',
    ]);

    const core = createCore(loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' }));
    try {
      await migrateToLatest(core.db);
      const type = await createRequestType(core, systemActor, {
        name: 'Mail',
        kind: 'service_request',
        defaultGroupId: null,
        defaultPriority: 'P3',
      });
      await createMailbox(core, systemActor, { name: 'Support', address: deskAddress, requestTypeId: type.id });
    } finally {
      await closeCore(core);
    }
    const accepted = run();
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toMatch(/^outcome: ticket\nticket: PT-\d+\n$/);
    expect(fs.readdirSync(path.join(dataDir, 'mail')).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
  }, 60_000);
});
