import { expect } from 'vitest';
import { createTestCore } from 'portico/plugin-api/testing';
import type { TestCore } from 'portico/plugin-api/testing';
import type { PluginDefinition, PortalTicket, PortalUser } from 'portico/plugin-api';
import csat from '../index.ts';
import type { CsatSettings } from '../settings.ts';
import type { CsatContext } from '../surveys.ts';

export interface World {
  t: TestCore;
  agent: PortalUser;
  lead: PortalUser;
  customer: PortalUser;
  group: { id: string; name: string };
  ctx(): Promise<CsatContext>;
  /** Opens a ticket as the customer, assigns it to the agent in the group and resolves it; settles. */
  resolved(subject?: string): Promise<PortalTicket>;
  /** The survey mails (not the core's own notifications), oldest first. */
  surveyMails(): { to: string; subject: string; text: string }[];
  close(): Promise<void>;
}

/** Saves the plugin's settings as an admin would (validated by the plugin's schema when read). */
export async function configure(t: TestCore, settings: Partial<CsatSettings>): Promise<void> {
  await t.core.db
    .updateTable('plugin_installations')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', 'csat')
    .execute();
}

/** A core with csat (and any other plugins) installed, an agent and a lead in a group, and a customer. */
export async function world(
  settings: Partial<CsatSettings> = {},
  others: readonly PluginDefinition[] = [],
): Promise<World> {
  const t = await createTestCore([csat, ...others]);
  await configure(t, settings);
  const lead = await t.user('agent', 'Lena Lead');
  const agent = await t.user('agent', 'Adam Agent');
  const customer = await t.user('customer', 'Carla Customer');
  const group = await t.group('Service desk', [lead, agent], { leads: 1 });
  return {
    t,
    agent,
    lead,
    customer,
    group,
    ctx: async () => (await t.context('csat')) as unknown as CsatContext,
    async resolved(subject) {
      const ticket = await t.openTicket(customer, subject === undefined ? {} : { subject });
      await t.updateTicket(agent, ticket.number, { groupId: group.id, assigneeId: agent.id });
      const done = await t.updateTicket(agent, ticket.number, { status: 'resolved' });
      await t.settle();
      return done;
    },
    surveyMails: () => t.sentMail().filter((mail) => /did we do with PT-/.test(mail.subject)),
    close: () => t.close(),
  };
}

/** The token of a survey link in a mail's text. */
export function tokenIn(text: string): string {
  const match = /\/plugins\/csat\/rate\?t=([\w-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no survey link in:\n${text}`);
  return match[1];
}

/** The plugin's recorded failures (handlers and jobs never throw at the caller). */
export async function failures(t: TestCore): Promise<string[]> {
  const rows = await t.core.db.selectFrom('plugin_errors').select(['source', 'message']).execute();
  return rows.map((row) => `${row.source}: ${row.message}`);
}

/** Closes a test's world, if it opened one, and checks that no handler or job of the plugin failed meanwhile. */
export async function closeChecked(w: World | undefined): Promise<void> {
  if (!w) return;
  const found = await failures(w.t);
  await w.close();
  expect(found).toEqual([]);
}
