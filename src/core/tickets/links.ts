import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { loadVisibleTicket } from './access.ts';
import { insertSystemMessage } from './messages.ts';
import { ticketReference } from './ticket.ts';
import type { TicketTable } from './ticket.table.ts';
import { applyTicketChanges, replaceTicketTags, ticketTags, writeAudit } from './write.ts';

type Row = Selectable<TicketTable>;

function actorIdOf(actor: Actor): string | null {
  return actor.role === 'system' ? null : actor.id;
}

async function withEvents<T>(core: Core, work: (trx: Db) => Promise<T>): Promise<T> {
  const result = await core.db.transaction().execute(work);
  core.events.dispatchSoon();
  return result;
}

function assertNotClosed(ticket: Row): void {
  if (ticket.status === 'closed') {
    throw new PorticoError('conflict', `${ticketReference(Number(ticket.number))} is closed and can no longer change.`);
  }
}

/**
 * Links an incident to the problem behind it, or unlinks it (problem `null`). Agents only.
 * @example
 * await linkToProblem(core, agent, 1042, 1001);
 */
export async function linkToProblem(
  core: Core,
  actor: Actor | null,
  incidentNumber: number,
  problemNumber: number | null,
): Promise<void> {
  assertStaff(actor);
  const incident = await loadVisibleTicket(core, actor, incidentNumber);
  if (incident.kind !== 'incident') {
    throw new PorticoError('invalid_input', 'Only incidents are linked to a problem.');
  }
  let problemId: string | null = null;
  if (problemNumber !== null) {
    const problem = await loadVisibleTicket(core, actor, problemNumber);
    if (problem.kind !== 'problem') {
      throw new PorticoError('invalid_input', `${ticketReference(problemNumber)} is not a problem.`, {
        hint: 'Change its kind to problem first.',
      });
    }
    problemId = problem.id;
  }
  await withEvents(core, (trx) => applyTicketChanges(trx, actorIdOf(actor), incident, { problem_id: problemId }));
}

/**
 * Resolves a problem with its root cause and workaround; with `resolveIncidents`, every open incident
 * linked to it is resolved too, each with the given public message. One transaction for all.
 * @example
 * await resolveProblem(core, agent, 1001, { rootCause: 'Expired certificate', resolveIncidents: true,
 *   message: 'The VPN certificate was renewed; connections work again.' });
 */
export async function resolveProblem(
  core: Core,
  actor: Actor | null,
  number: number,
  options: { rootCause?: string; workaround?: string; resolveIncidents: boolean; message?: string },
): Promise<{ resolvedIncidents: number[] }> {
  assertStaff(actor);
  const problem = await loadVisibleTicket(core, actor, number);
  if (problem.kind !== 'problem') throw new PorticoError('invalid_input', 'Only a problem can be resolved this way.');
  assertNotClosed(problem);
  const message = options.message?.trim();
  if (options.resolveIncidents && !message) {
    throw new PorticoError('invalid_input', 'Write the message the linked incidents are resolved with.', {
      details: { fields: { message: 'Required when resolving the linked incidents.' } },
    });
  }
  const actorId = actorIdOf(actor);
  return withEvents(core, async (trx) => {
    await applyTicketChanges(trx, actorId, problem, {
      status: 'resolved',
      root_cause: options.rootCause?.trim() || problem.root_cause,
      workaround: options.workaround?.trim() || problem.workaround,
    });
    if (!options.resolveIncidents) return { resolvedIncidents: [] };
    const incidents = await trx
      .selectFrom('tickets')
      .selectAll()
      .where('problem_id', '=', problem.id)
      .where('is_open', '=', 1)
      .orderBy('number')
      .execute();
    for (const incident of incidents) {
      const messageId = await insertSystemMessage(trx, incident.id, actorId, message!, false);
      await applyTicketChanges(
        trx,
        actorId,
        incident,
        { status: 'resolved' },
        {
          extraEvents: [
            {
              type: 'ticket.replied',
              subjectId: incident.id,
              payload: {
                ticketId: incident.id,
                number: Number(incident.number),
                messageId,
                authorId: actorId,
                internal: false,
                fromCustomer: false,
              },
            },
          ],
        },
      );
    }
    return { resolvedIncidents: incidents.map((incident) => Number(incident.number)) };
  });
}

/**
 * Makes a ticket the child of another (or detaches it with `null`). A ticket cannot become its own
 * ancestor.
 * @example
 * await setParentTicket(core, agent, 1043, 1040);
 */
export async function setParentTicket(
  core: Core,
  actor: Actor | null,
  childNumber: number,
  parentNumber: number | null,
): Promise<void> {
  assertStaff(actor);
  const child = await loadVisibleTicket(core, actor, childNumber);
  let parentId: string | null = null;
  if (parentNumber !== null) {
    const parent = await loadVisibleTicket(core, actor, parentNumber);
    assertNotClosed(parent);
    for (let cursor: string | null = parent.id; cursor !== null;) {
      if (cursor === child.id) {
        throw new PorticoError('invalid_input', 'A ticket cannot be a child of itself or of its own children.');
      }
      const up: { parent_id: string | null } | undefined = await core.db
        .selectFrom('tickets')
        .select('parent_id')
        .where('id', '=', cursor)
        .executeTakeFirst();
      cursor = up?.parent_id ?? null;
    }
    parentId = parent.id;
  }
  await withEvents(core, (trx) => applyTicketChanges(trx, actorIdOf(actor), child, { parent_id: parentId }));
}

/**
 * Marks two tickets as related (both list each other), or removes the link.
 * @example
 * await relateTickets(core, agent, 1042, 1050, true);
 */
export async function relateTickets(
  core: Core,
  actor: Actor | null,
  number: number,
  otherNumber: number,
  related: boolean,
): Promise<void> {
  assertStaff(actor);
  if (number === otherNumber) throw new PorticoError('invalid_input', 'A ticket cannot be related to itself.');
  const one = await loadVisibleTicket(core, actor, number);
  const other = await loadVisibleTicket(core, actor, otherNumber);
  const actorId = actorIdOf(actor);
  await core.db.transaction().execute(async (trx) => {
    const pairs = [
      { ticket_id: one.id, related_id: other.id },
      { ticket_id: other.id, related_id: one.id },
    ];
    for (const pair of pairs) {
      await trx
        .deleteFrom('ticket_relations')
        .where('ticket_id', '=', pair.ticket_id)
        .where('related_id', '=', pair.related_id)
        .execute();
    }
    if (related) {
      await trx
        .insertInto('ticket_relations')
        .values(pairs.map((pair) => ({ ...pair, created_at: nowStored() })))
        .execute();
    }
    const reference = (row: Row) => ticketReference(Number(row.number));
    await writeAudit(trx, one.id, actorId, [
      { field: 'related', from: related ? null : reference(other), to: related ? reference(other) : null },
    ]);
    await writeAudit(trx, other.id, actorId, [
      { field: 'related', from: related ? null : reference(one), to: related ? reference(one) : null },
    ]);
  });
}

/**
 * Merges a duplicate into another ticket: its conversation, attachments, tags and children move to the
 * target, its requester becomes a watcher there, and it is closed with a note pointing to the target.
 * @example
 * await mergeTickets(core, agent, 1044, 1042);
 */
export async function mergeTickets(
  core: Core,
  actor: Actor | null,
  sourceNumber: number,
  targetNumber: number,
): Promise<void> {
  assertStaff(actor);
  if (sourceNumber === targetNumber) throw new PorticoError('invalid_input', 'A ticket cannot be merged into itself.');
  const source = await loadVisibleTicket(core, actor, sourceNumber);
  const target = await loadVisibleTicket(core, actor, targetNumber);
  assertNotClosed(source);
  assertNotClosed(target);
  const actorId = actorIdOf(actor);
  const sourceRef = ticketReference(sourceNumber);
  const targetRef = ticketReference(targetNumber);
  await withEvents(core, async (trx) => {
    await trx.updateTable('ticket_messages').set({ ticket_id: target.id }).where('ticket_id', '=', source.id).execute();
    await trx
      .updateTable('ticket_attachments')
      .set({ ticket_id: target.id })
      .where('ticket_id', '=', source.id)
      .execute();
    await trx.updateTable('tickets').set({ parent_id: target.id }).where('parent_id', '=', source.id).execute();
    const tags = await ticketTags(trx, [source.id, target.id]);
    await replaceTicketTags(trx, target.id, [
      ...new Set([...(tags.get(target.id) ?? []), ...(tags.get(source.id) ?? [])]),
    ]);
    for (const userId of [source.requester_id]) {
      if (userId === target.requester_id) continue;
      const watching = await trx
        .selectFrom('ticket_watchers')
        .select('user_id')
        .where('ticket_id', '=', target.id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!watching)
        await trx.insertInto('ticket_watchers').values({ ticket_id: target.id, user_id: userId }).execute();
    }
    await insertSystemMessage(
      trx,
      target.id,
      actorId,
      `${sourceRef} ("${source.subject}") was merged into this ticket.`,
      false,
    );
    await insertSystemMessage(
      trx,
      source.id,
      actorId,
      `Merged into ${targetRef}; the conversation continues there.`,
      false,
    );
    await applyTicketChanges(
      trx,
      actorId,
      target,
      {},
      {
        extraEvents: [
          {
            type: 'ticket.updated',
            subjectId: target.id,
            payload: {
              ticketId: target.id,
              number: targetNumber,
              changes: [{ field: 'merged', from: null, to: sourceRef }],
            },
          },
        ],
      },
    );
    await writeAudit(trx, target.id, actorId, [{ field: 'merged', from: null, to: sourceRef }]);
    await applyTicketChanges(trx, actorId, source, { merged_into_id: target.id, status: 'closed' });
  });
}
