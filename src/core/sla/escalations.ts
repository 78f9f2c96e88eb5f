/**
 * Escalations: levels per SLA policy that fire before or after a target's deadline (notify the
 * assignee, the group's leads or a named agent; raise the priority; hand the ticket to another group),
 * once per ticket, level and target cycle.
 * @example
 * installSla(core);
 * installEscalations(core); // after installSla: its handlers read the state the SLA just recomputed
 * await runEscalations(core, new Date()); // every minute
 */
import type { Core } from '../context.ts';
import { ticketStateEvents, ticketsOf } from '../events/index.ts';
import { escalationResyncJobType } from './escalations-levels.ts';
import { resyncAllEscalations, syncEscalations } from './escalations-sync.ts';

export {
  addEscalationLevel,
  deleteEscalationLevel,
  escalationInputSchema,
  escalationResyncJobType,
  listEscalationLevels,
} from './escalations-levels.ts';
export type { EscalationActions, EscalationInput, EscalationLevel } from './escalations-levels.ts';
export { levelMoment, resyncAllEscalations, syncEscalations } from './escalations-sync.ts';
export { describeLevel, runEscalations } from './escalations-run.ts';

/**
 * Wires escalations into a core: each batch of ticket events recomputes their tickets' next escalation
 * moments (handlers run in the order they were added, so call this after installSla), and defines the
 * resync job queued when levels, policies or calendars change. Call runEscalations(core) every minute besides.
 * @example
 * installEscalations(core);
 */
export function installEscalations(core: Core): void {
  core.events.onBatch(ticketStateEvents, async (events) => {
    await syncEscalations(core, ticketsOf(events), new Date());
  });
  core.jobs.define({
    type: escalationResyncJobType,
    maxAttempts: 20,
    backoffMs: () => 15_000,
    run: async (_payload, { now }) => {
      await resyncAllEscalations(core, now);
    },
  });
}
