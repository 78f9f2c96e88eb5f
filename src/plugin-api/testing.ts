import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../core/config.ts';
import { closeCore, createCore } from '../core/context.ts';
import type { Core } from '../core/context.ts';
import { parseEml, testDatabase } from './testing-support.ts';
import {
  createPluginHost,
  installPlugin,
  installPluginRuntime,
  pluginContext,
  porticoVersion,
} from '../core/plugins/index.ts';
import type { PluginCandidate } from '../core/plugins/index.ts';
import { createRequestType } from '../core/catalog/index.ts';
import { createTicket, updateTicket } from '../core/tickets/index.ts';
import { createGroup, getUserById, insertUser, setGroupMembers } from '../core/users/index.ts';
import { systemActor } from '../core/users/index.ts';
import type { AnyEventPayloads, AnyEventType, PluginContext, PluginDefinition } from './types.ts';
import { recordEvents } from '../core/events/index.ts';
import type { EventType } from '../core/events/index.ts';
import type { PortalTicket, PortalUser, Role } from './core-api.ts';
import { createCoreApi } from '../core/plugins/core-api.ts';

/** A migrated in-memory Portico with plugins installed, for a plugin's tests. */
export interface TestCore {
  /** The core itself, for calling Portico's own functions (create tickets, resolve them, …). */
  readonly core: Core;
  /** A plugin's context, as its handlers receive it (settings read now). */
  context(pluginId: string): Promise<PluginContext>;
  /** Delivers every pending event to handlers (core and plugins) and runs the jobs that are due. */
  settle(): Promise<void>;
  /**
   * Writes an event to the outbox as its emitter would (a core event, or another plugin's that is not
   * installed here); `settle()` then delivers it to the plugins' handlers.
   */
  recordEvent<Type extends AnyEventType>(
    type: Type,
    payload: AnyEventPayloads[Type],
    options: { subjectId: string; actorId?: string | null },
  ): Promise<void>;
  /** Runs one of a plugin's jobs now, as the scheduler would for the slot that starts at `slot`. */
  runJob(pluginId: string, job: string, slot?: Date): Promise<void>;
  /** Creates an active user of a role. */
  user(role: Role, name?: string): Promise<PortalUser>;
  /** Creates a group with members (the first `leads` of them lead it). */
  group(
    name: string,
    members: readonly PortalUser[],
    options?: { leads?: number },
  ): Promise<{ id: string; name: string }>;
  /** Opens a ticket as a user (a request type is made the first time). */
  openTicket(
    requester: PortalUser,
    input?: { subject?: string; groupId?: string | null; assigneeId?: string | null },
  ): Promise<PortalTicket>;
  /** Changes a ticket as a staff member: assign it, resolve it (`{ status: 'resolved' }`), … */
  updateTicket(
    agent: PortalUser,
    number: number,
    patch: { status?: PortalTicket['status']; assigneeId?: string | null; groupId?: string | null },
  ): Promise<PortalTicket>;
  /** Mail sent so far (plain-text bodies), oldest first. */
  sentMail(): { to: string; subject: string; text: string }[];
  close(): Promise<void>;
}

let counter = 0;

/**
 * A fresh core on in-memory SQLite with the given plugins installed and enabled (their migrations run),
 * their handlers and jobs wired, and mail captured to files.
 * @example
 * const test = await createTestCore([csat]);
 * const agent = await test.user('agent');
 */
export async function createTestCore(plugins: readonly PluginDefinition[]): Promise<TestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-plugin-test-'));
  const config = loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' });
  const { db, drop } = await testDatabase();
  const candidates: PluginCandidate[] = plugins.map((definition) => ({
    id: definition.id,
    dir: null,
    module: { default: definition },
  }));
  const core = createCore(config, {
    db,
    log: pino({ level: 'silent' }),
    plugins: createPluginHost(candidates, porticoVersion),
  });
  installPluginRuntime(core);
  const { installNotifications } = await import('../core/notifications/index.ts');
  installNotifications(core);
  for (const definition of plugins) await installPlugin(core, systemActor, definition.id);
  const outbox = path.join(dataDir, 'outbox');
  const api = createCoreApi(core);
  let requestTypeId: string | undefined;
  const actorOf = async (user: PortalUser) => {
    const found = await getUserById(core.db, user.id);
    if (!found) throw new Error(`no user ${user.id}`);
    return found;
  };
  const ticketOf = async (id: string) => {
    const ticket = await api.tickets.get(id);
    if (!ticket) throw new Error(`no ticket ${id}`);
    return ticket;
  };
  const context = async (pluginId: string) => {
    const found = core.plugins.find(pluginId)?.definition;
    if (!found) throw new Error(`no plugin ${pluginId} in this test core`);
    return pluginContext(core, found);
  };
  return {
    core,
    context,
    async settle() {
      for (let round = 0; round < 10; round++) {
        const delivered = await core.events.dispatchPending();
        const ran = await core.jobs.runDue(new Date(Date.now() + 1000));
        if (delivered === 0 && ran === 0) return;
      }
    },
    async recordEvent(type, payload, options) {
      await recordEvents(core.db, options.actorId ?? null, [
        { type: type as string as EventType, subjectId: options.subjectId, payload: payload as never },
      ]);
    },
    async runJob(pluginId, job, slot = new Date()) {
      const found = core.plugins.find(pluginId)?.definition?.jobs?.[job];
      if (!found) throw new Error(`the plugin ${pluginId} has no job ${job}`);
      await found.run(await context(pluginId), slot);
    },
    async user(role, name) {
      counter++;
      // No password: hashing one costs half a second of CPU, and plugin tests never sign in.
      const user = await insertUser(core.db, {
        email: `${role}${counter}@example.org`,
        name: name ?? `${role[0]?.toUpperCase()}${role.slice(1)} ${counter}`,
        role,
        organisationId: null,
        passwordHash: null,
        emailVerified: true,
      });
      return {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        organisationId: user.organisationId,
        active: user.active,
      };
    },
    async group(name, members, options = {}) {
      const group = await createGroup(core, systemActor, { name });
      const leads = options.leads ?? 1;
      await setGroupMembers(
        core,
        systemActor,
        group.id,
        members.map((member, index) => ({ userId: member.id, isLead: index < leads })),
      );
      return { id: group.id, name: group.name };
    },
    async openTicket(requester, input = {}) {
      requestTypeId ??= (await createRequestType(core, systemActor, { name: 'General request' })).id;
      const ticket = await createTicket(core, await actorOf(requester), {
        requestTypeId,
        subject: input.subject ?? 'The printer on floor 2 is jammed',
        description: 'It shows error E-52 and will not print.',
        ...(requester.role !== 'customer' && input.groupId !== undefined && { groupId: input.groupId }),
        ...(requester.role !== 'customer' && input.assigneeId !== undefined && { assigneeId: input.assigneeId }),
      });
      return ticketOf(ticket.id);
    },
    async updateTicket(agent, number, patch) {
      const ticket = await updateTicket(core, await actorOf(agent), number, patch);
      return ticketOf(ticket.id);
    },
    sentMail() {
      if (!fs.existsSync(outbox)) return [];
      return fs
        .readdirSync(outbox)
        .filter((file) => file.endsWith('.eml') && !file.startsWith('.'))
        .sort()
        .map((file) => parseEml(fs.readFileSync(path.join(outbox, file), 'utf8')));
    },
    async close() {
      await closeCore(core);
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
