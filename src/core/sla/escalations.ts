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
import { ticketStateEvents } from '../events/index.ts';
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
 * Wires escalations into a core: each ticket event recomputes that ticket's next escalation moment
 * (handlers run in the order they were added, so call this after installSla), and defines the resync
 * job queued when levels, policies or calendars change. Call runEscalations(core) every minute besides.
 * @example
 * installEscalations(core);
 */
export function installEscalations(core: Core): void {
  for (const type of ticketStateEvents) {
    core.events.on(type, async (event) => {
      await syncEscalations(core, [(event.payload as { ticketId: string }).ticketId], new Date());
    });
  }
  core.jobs.define({
    type: escalationResyncJobType,
    maxAttempts: 20,
    backoffMs: () => 15_000,
    run: async (_payload, { now }) => {
      await resyncAllEscalations(core, now);
    },
  });
}
