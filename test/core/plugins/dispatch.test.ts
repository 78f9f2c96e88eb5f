import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';
import { closeCore, createCore } from '../../../src/core/context.ts';
import { connectDatabase, migrateToLatest } from '../../../src/core/db/index.ts';
import {
  createPluginHost,
  enablePlugin,
  failuresBeforePause,
  installPlugin,
  installPluginRuntime,
  listPluginFailures,
  pluginInstallation,
  porticoVersion,
} from '../../../src/core/plugins/index.ts';
import { createTicket } from '../../../src/core/tickets/index.ts';
import { createRequestType } from '../../../src/core/catalog/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { definePlugin } from '../../../src/plugin-api/index.ts';
import type { PluginEvent } from '../../../src/plugin-api/index.ts';
import good from './fixtures/good/index.ts';
import { ask } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { addUser } from '../support.ts';
import { createPluginWorld } from './world.ts';

let world: DeskWorld | undefined;
afterEach(async () => {
  await world?.core.close();
  world = undefined;
});

const base = { version: '1.0.0', portico: '^0.1.0', description: 'A test plugin.' };
const thrower = definePlugin({
  ...base,
  id: 'thrower',
  name: 'Thrower',
  on: {
    'ticket.created': () => {
      throw new Error('handler exploded');
    },
  },
});
const hanger = definePlugin({
  ...base,
  id: 'hanger',
  name: 'Hanger',
  timeoutMs: 150,
  on: { 'ticket.created': () => new Promise<void>(() => undefined) },
});

function listener(seen: PluginEvent[]) {
  return definePlugin({
    ...base,
    id: 'listener',
    name: 'Listener',
    on: {
      'good.noticed': (event) => {
        seen.push(event);
      },
      'ticket.created': (event) => {
        seen.push(event);
      },
    },
  });
}

describe('installPluginHandlers', () => {
  it('a throwing and a hanging handler do not fail ticket creation, and both are logged against their plugin', async () => {
    const seen: PluginEvent[] = [];
    world = await createPluginWorld([thrower, hanger, listener(seen)]);
    for (const id of ['thrower', 'hanger', 'listener']) await installPlugin(world.core, world.admin, id);
    const ticket = await ask(world);
    const started = Date.now();
    await world.core.events.dispatchPending();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(seen.map((event) => event.subjectId)).toEqual([ticket.id]);
    expect((await listPluginFailures(world.core, 'thrower'))[0]).toMatchObject({
      source: 'event ticket.created',
      message: 'handler exploded',
    });
    expect((await listPluginFailures(world.core, 'hanger'))[0]?.message).toBe(
      'took longer than 150 ms and was abandoned',
    );
    const row = await world.core.db
      .selectFrom('event_outbox')
      .select('dispatched_at')
      .where('subject_id', '=', ticket.id)
      .where('type', '=', 'ticket.created')
      .executeTakeFirstOrThrow();
    expect(row.dispatched_at).not.toBeNull();
  });

  it('pauses a plugin that fails repeatedly, and enabling it again resumes it', async () => {
    world = await createPluginWorld([thrower]);
    await installPlugin(world.core, world.admin, 'thrower');
    for (let index = 0; index < failuresBeforePause + 1; index++) await ask(world);
    await world.core.events.dispatchPending();
    const paused = await pluginInstallation(world.core, 'thrower');
    expect(paused?.state).toBe('paused');
    expect(paused?.error).toBe(
      `Paused after ${failuresBeforePause} failures in a row; the last: event ticket.created: handler exploded`,
    );
    // Paused: the sixth event never reached it.
    expect(await listPluginFailures(world.core, 'thrower')).toHaveLength(failuresBeforePause);
    await enablePlugin(world.core, world.admin, 'thrower');
    expect(await pluginInstallation(world.core, 'thrower')).toMatchObject({ state: 'enabled', consecutiveFailures: 0 });
  });

  it('delivers events a plugin emits to other plugins, after the emitting transaction commits', async () => {
    const seen: PluginEvent[] = [];
    world = await createPluginWorld([good, listener(seen)]);
    await installPlugin(world.core, world.admin, 'good');
    await installPlugin(world.core, world.admin, 'listener');
    const ticket = await ask(world);
    await world.core.events.dispatchPending();
    await world.core.events.dispatchPending();
    expect(seen.map((event) => event.type)).toEqual(['ticket.created', 'good.noticed']);
    expect(seen[1]?.payload).toEqual({ ticketId: ticket.id });
  });

  it('refuses an event the plugin did not declare', async () => {
    world = await createPluginWorld([good]);
    await installPlugin(world.core, world.admin, 'good');
    const ctx = await (await import('../../../src/core/plugins/index.ts')).pluginContext(world.core, good);
    await expect(ctx.emit('good.other' as never, {} as never, { subjectId: 'x' })).rejects.toThrow(
      'The plugin good does not declare the event "good.other" in emits.',
    );
  });
});

describe('the outbox and plugins', () => {
  it('delivers an event written before a crash once the server is back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-crash-'));
    const file = path.join(dataDir, 'portico.db');
    const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' });
    const seen: PluginEvent[] = [];
    const host = () =>
      createPluginHost([{ id: 'listener', dir: null, module: { default: listener(seen) } }], porticoVersion);
    // The first process writes the ticket and dies before delivering anything.
    const first = createCore(config, {
      db: connectDatabase({ dialect: 'sqlite', file }),
      log: pino({ level: 'silent' }),
      plugins: host(),
    });
    await migrateToLatest(first.db);
    await installPlugin(first, systemActor, 'listener');
    const casey = await addUser(first, { email: 'casey@example.org' });
    const type = await createRequestType(first, systemActor, { name: 'Question' });
    const ticket = await createTicket(first, casey, {
      requestTypeId: type.id,
      subject: 'Printer',
      description: 'Jammed',
    });
    await closeCore(first);
    expect(seen).toEqual([]);
    const second = createCore(config, {
      db: connectDatabase({ dialect: 'sqlite', file }),
      log: pino({ level: 'silent' }),
      plugins: host(),
    });
    installPluginRuntime(second);
    await second.events.dispatchPending();
    expect(seen.map((event) => [event.type, event.subjectId])).toEqual([['ticket.created', ticket.id]]);
    await closeCore(second);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
