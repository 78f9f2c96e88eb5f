// The SLA clocks as pure functions of a ticket's history: no database, so they are easy to test and bulk-run.
import type { Priority } from '../catalog/index.ts';
import type { TicketStatus } from '../tickets/index.ts';
import { addBusinessMs, businessMsBetween } from './business-time.ts';
import type { BusinessCalendar } from './business-time.ts';
import type { SlaPolicy } from './policies.ts';

export type TargetKind = 'first_response' | 'next_reply' | 'resolution';
export const targetKinds: readonly TargetKind[] = ['first_response', 'next_reply', 'resolution'];

/** One target as stored in a ticket's SLA state (times as epoch ms). */
export interface StoredTarget {
  kind: TargetKind;
  /** Identifies the target for exactly-once notices; a next-reply cycle gets its own key. */
  key: string;
  minutes: number;
  start: number;
  /** While paused: the deadline as if the pause ended now (the display moves it on). */
  due: number;
  riskAt: number;
  metAt: number | null;
  pausedMinutes: number;
  /** Set while this target's clock stands. */
  pausedSince: number | null;
}

/** What the clocks read from a ticket (times as epoch ms). */
export interface ClockTicket {
  status: TicketStatus;
  priority: Priority;
  createdAt: number;
  updatedAt: number;
  firstRespondedAt: number | null;
  lastCustomerReplyAt: number | null;
  /** The latest public reply by an agent. */
  lastAgentReplyAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  /** Status changes from the ticket's history, oldest first. */
  statusChanges: { at: number; to: TicketStatus }[];
}

interface Pause {
  from: number;
  to: number | null;
}

const standing: readonly TicketStatus[] = ['pending', 'resolved', 'closed'];

/** When the clocks stood: while pending, and while resolved or closed (a reopen continues them). */
export function pausesOf(ticket: ClockTicket): Pause[] {
  const pauses: Pause[] = [];
  let status: TicketStatus = 'new';
  const changes = [...ticket.statusChanges];
  // History written without audit (imports): assume the last change happened at the last update.
  if ((changes.at(-1)?.to ?? 'new') !== ticket.status) changes.push({ at: ticket.updatedAt, to: ticket.status });
  for (const change of changes) {
    const was = standing.includes(status);
    const is = standing.includes(change.to);
    if (!was && is) pauses.push({ from: change.at, to: null });
    if (was && !is && pauses.length > 0) pauses.at(-1)!.to = change.at;
    status = change.to;
  }
  return pauses;
}

/** Walks business time from start, skipping pauses, until `ms` business milliseconds have run. */
function deadline(calendar: BusinessCalendar, start: number, ms: number, pauses: Pause[]) {
  let cursor = start;
  let remaining = ms;
  let paused = 0;
  for (const pause of pauses) {
    if (pause.to !== null && pause.to <= cursor) continue;
    const pauseStart = Math.max(pause.from, cursor);
    const candidate = addBusinessMs(calendar, cursor, remaining);
    if (candidate <= pauseStart) return { due: candidate, paused, pausedSince: null };
    remaining -= businessMsBetween(calendar, cursor, pauseStart);
    if (pause.to === null)
      return { due: addBusinessMs(calendar, pauseStart, remaining), paused, pausedSince: pauseStart };
    paused += businessMsBetween(calendar, pauseStart, pause.to);
    cursor = pause.to;
  }
  return { due: addBusinessMs(calendar, cursor, remaining), paused, pausedSince: null };
}

function target(
  calendar: BusinessCalendar,
  policy: SlaPolicy,
  kind: TargetKind,
  key: string,
  minutes: number,
  start: number,
  metAt: number | null,
  pauses: Pause[],
): StoredTarget {
  // Once met, only the pauses before the answer count: a later pause must not turn a breach into a hit.
  const relevant =
    metAt === null
      ? pauses
      : pauses
          .filter((pause) => pause.from < metAt)
          .map((pause) => ({ from: pause.from, to: Math.min(pause.to ?? metAt, metAt) }));
  const full = deadline(calendar, start, minutes * 60_000, relevant);
  const risk = deadline(calendar, start, Math.round((minutes * 60_000 * policy.atRiskPercent) / 100), relevant);
  return {
    kind,
    key,
    minutes,
    start,
    due: full.due,
    riskAt: risk.due,
    metAt,
    pausedMinutes: Math.round(full.paused / 60_000),
    pausedSince: full.pausedSince,
  };
}

/**
 * A ticket's targets under a policy: first response from creation (met by the first public agent reply),
 * next reply from the latest customer message after that (met by a later public agent reply), and
 * resolution from creation; each extended by the business time the clocks stood.
 */
export function computeTargets(calendar: BusinessCalendar, policy: SlaPolicy, ticket: ClockTicket): StoredTarget[] {
  const minutes = policy.targets[ticket.priority];
  const pauses = pausesOf(ticket);
  const targets: StoredTarget[] = [];
  if (minutes.firstResponse !== null) {
    targets.push(
      target(
        calendar,
        policy,
        'first_response',
        'first_response',
        minutes.firstResponse,
        ticket.createdAt,
        ticket.firstRespondedAt,
        pauses,
      ),
    );
  }
  const customer = ticket.lastCustomerReplyAt;
  if (
    minutes.nextReply !== null &&
    customer !== null &&
    ticket.firstRespondedAt !== null &&
    customer > ticket.firstRespondedAt
  ) {
    const answered =
      ticket.lastAgentReplyAt !== null && ticket.lastAgentReplyAt >= customer ? ticket.lastAgentReplyAt : null;
    const key = `next_reply@${new Date(customer).toISOString()}`;
    targets.push(target(calendar, policy, 'next_reply', key, minutes.nextReply, customer, answered, pauses));
  }
  if (minutes.resolution !== null) {
    const done =
      ticket.status === 'resolved' || ticket.status === 'closed' ? (ticket.resolvedAt ?? ticket.closedAt) : null;
    targets.push(
      target(calendar, policy, 'resolution', 'resolution', minutes.resolution, ticket.createdAt, done, pauses),
    );
  }
  return targets;
}

/** The earliest moment a not-yet-announced threshold passes; null when no clock runs. */
export function nextCheckAt(targets: StoredTarget[], atRisk: Set<string>, breached: Set<string>): number | null {
  let next: number | null = null;
  for (const item of targets) {
    if (item.metAt !== null || item.pausedSince !== null || breached.has(item.key)) continue;
    const moment = atRisk.has(item.key) ? item.due : item.riskAt;
    if (next === null || moment < next) next = moment;
  }
  return next;
}

/** A target as people see it at `now`. */
export interface TargetView {
  kind: TargetKind;
  due: Date;
  met: boolean;
  paused: boolean;
  pausedMinutes: number;
  percentUsed: number;
  atRisk: boolean;
  breached: boolean;
}

export function viewTarget(calendar: BusinessCalendar, item: StoredTarget, now: number): TargetView {
  const paused = item.metAt === null && item.pausedSince !== null;
  const reference = item.metAt ?? item.pausedSince ?? now;
  const remaining = businessMsBetween(calendar, reference, item.due);
  const extra = paused ? businessMsBetween(calendar, item.pausedSince!, Math.max(now, item.pausedSince!)) : 0;
  const breached = reference > item.due;
  return {
    kind: item.kind,
    due: new Date(paused ? addBusinessMs(calendar, Math.max(now, item.pausedSince!), remaining) : item.due),
    met: item.metAt !== null,
    paused,
    pausedMinutes: item.pausedMinutes + Math.round(extra / 60_000),
    percentUsed: Math.round(((item.minutes * 60_000 - remaining) / (item.minutes * 60_000)) * 100),
    atRisk: item.metAt === null && !breached && reference >= item.riskAt,
    breached,
  };
}
