import type { Core } from '../context.ts';
import { alwaysOpenCalendar } from './business-time.ts';
import type { BusinessCalendar } from './business-time.ts';
import { viewTarget } from './clocks.ts';
import type { StoredTarget, TargetView } from './clocks.ts';

/** A ticket's SLA as people see it at a moment. */
export interface SlaState {
  policyName: string;
  /** The zone of the policy's calendar, for showing due times in business terms. */
  timeZone: string;
  targets: TargetView[];
  /** Some clock stands (pending, or resolved/closed with a target unmet). */
  paused: boolean;
}

/**
 * The SLA states of a page of tickets in one query; tickets without an SLA are absent from the map.
 * @example
 * const states = await slaStatesOf(core, tickets.map((ticket) => ticket.id));
 * states.get(ticket.id)?.targets.find((target) => target.breached);
 */
export async function slaStatesOf(core: Core, ticketIds: string[], now = new Date()): Promise<Map<string, SlaState>> {
  const states = new Map<string, SlaState>();
  if (ticketIds.length === 0) return states;
  const rows = await core.db
    .selectFrom('sla_ticket_states')
    .innerJoin('sla_policies', 'sla_policies.id', 'sla_ticket_states.policy_id')
    .leftJoin('sla_calendars', 'sla_calendars.id', 'sla_policies.calendar_id')
    .select([
      'sla_ticket_states.ticket_id',
      'sla_ticket_states.targets',
      'sla_policies.name as policy_name',
      'sla_calendars.id as calendar_id',
      'sla_calendars.name as calendar_name',
      'sla_calendars.time_zone',
      'sla_calendars.weekly_hours',
      'sla_calendars.holidays',
    ])
    .where('sla_ticket_states.ticket_id', 'in', [...new Set(ticketIds)])
    .execute();
  const calendars = new Map<string, BusinessCalendar>();
  for (const row of rows) {
    let calendar = alwaysOpenCalendar;
    if (row.calendar_id !== null) {
      calendar = calendars.get(row.calendar_id) ?? {
        id: row.calendar_id,
        name: row.calendar_name ?? '',
        timeZone: row.time_zone ?? 'UTC',
        weeklyHours: JSON.parse(row.weekly_hours ?? '[]') as [number, number][][],
        holidays: JSON.parse(row.holidays ?? '[]') as string[],
      };
      calendars.set(row.calendar_id, calendar);
    }
    const targets = (JSON.parse(row.targets) as StoredTarget[]).map((item) =>
      viewTarget(calendar, item, now.getTime()),
    );
    states.set(row.ticket_id, {
      policyName: row.policy_name,
      timeZone: calendar.timeZone,
      targets,
      paused: targets.some((item) => item.paused),
    });
  }
  return states;
}
