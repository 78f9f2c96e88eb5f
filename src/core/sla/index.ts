/**
 * Service levels: business calendars, SLA policies with targets per priority, per-ticket clocks that
 * stand while a ticket waits on the customer (and extend the deadline by the wait), and a minutely
 * checker that announces `sla.at_risk` and `sla.breached` exactly once.
 * @example
 * installSla(core); // recompute on ticket events; the recompute job after policy changes
 * await checkSlaDeadlines(core, new Date()); // every minute
 * const states = await slaStatesOf(core, tickets.map((ticket) => ticket.id));
 */
import type { Core } from '../context.ts';
import { ticketStateEvents, ticketsOf } from '../events/index.ts';
import { recomputeJobType } from './recompute-job.ts';
import { recomputeOpenTickets, recomputeSlaMany } from './recompute.ts';

export { addBusinessMinutes, alwaysOpenCalendar, businessMinutesBetween } from './business-time.ts';
export type { BusinessCalendar } from './business-time.ts';
export { createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar } from './calendars.ts';
export type { SlaCalendar } from './calendars.ts';
export { createPolicy, deletePolicy, getPolicy, listPolicies, matchPolicy, updatePolicy } from './policies.ts';
export type { PolicyConditions, PolicySubject, PolicyTargets, SlaPolicy } from './policies.ts';
export { calendarInputSchema, parseDuration, policyInputSchema, weekdays } from './schemas.ts';
export type { CalendarInput, PolicyInput } from './schemas.ts';
export { targetKinds } from './clocks.ts';
export type { TargetKind, TargetView } from './clocks.ts';
export { recomputeOpenTickets, recomputeSla, recomputeSlaMany, statusChangesOf } from './recompute.ts';
export { slaStatesOf } from './status.ts';
export type { SlaState } from './status.ts';
export { checkSlaDeadlines } from './checker.ts';
export { seedDemoSla } from './demo.ts';
export { isValidTimeZone } from './zone.ts';
export * from './escalations.ts';

/**
 * Wires SLAs into a core: each batch of ticket events recomputes their tickets' clocks (once per
 * ticket), and the `sla.recompute-open` job (queued when a policy or calendar changes) recomputes all
 * open tickets.
 * Call checkSlaDeadlines(core) every minute besides.
 * @example
 * installSla(core);
 */
export function installSla(core: Core): void {
  core.events.onBatch(ticketStateEvents, async (events) => {
    await recomputeSlaMany(core, ticketsOf(events), new Date());
  });
  core.jobs.define({
    type: recomputeJobType,
    maxAttempts: 3,
    run: async (_payload, { now }) => {
      await recomputeOpenTickets(core, now);
    },
  });
}
