import { installAutomation } from '../../../src/core/automation/index.ts';
import { setGroupMembers, systemActor } from '../../../src/core/users/index.ts';
import { createDeskWorld } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';

/** A service desk with automation installed and both agents (Avery, Sam) in the Service Desk group. */
export async function createAutomationWorld(): Promise<DeskWorld> {
  const world = await createDeskWorld();
  await setGroupMembers(world.core, systemActor, world.desk.id, [
    { userId: world.agent.id, isLead: true },
    { userId: world.otherAgent.id, isLead: false },
  ]);
  installAutomation(world.core);
  return world;
}

/** Delivers events until none are left (rules' own changes emit more). */
export async function settle(world: DeskWorld): Promise<void> {
  for (let round = 0; round < 20; round++) {
    if ((await world.core.events.dispatchPending()) === 0) return;
  }
  throw new Error('events kept coming: a rule loops');
}

/** The rule names recorded on a ticket's history, oldest first. */
export async function firedRules(world: DeskWorld, ticketId: string): Promise<string[]> {
  const rows = await world.core.db
    .selectFrom('ticket_audit')
    .select('new_value')
    .where('ticket_id', '=', ticketId)
    .where('field', '=', 'rule')
    .orderBy('created_at')
    .orderBy('position')
    .execute();
  return rows.map((row) => row.new_value ?? '');
}

/** A ticket's tags, sorted. */
export async function tagsOf(world: DeskWorld, ticketId: string): Promise<string[]> {
  const rows = await world.core.db
    .selectFrom('ticket_tags')
    .select('tag')
    .where('ticket_id', '=', ticketId)
    .orderBy('tag')
    .execute();
  return rows.map((row) => row.tag);
}
