import type { Core } from '../context.ts';
import { systemActor } from '../users/index.ts';
import { createCalendar } from './calendars.ts';
import { createPolicy } from './policies.ts';

const office = '08:00-18:00';
const hours = (value: number) => value * 60;
// Business days of the demo calendar (ten hours each).
const days = (value: number) => value * 600;

/**
 * Seeds the demo's service levels once: a London office calendar (Mon–Fri 08:00–18:00, two holidays)
 * and one policy for every ticket, P1 30 m / 1 h / 4 h down to P4 8 h / 16 h / 5 business days.
 * @example
 * await seedDemoSla(core);
 */
export async function seedDemoSla(core: Core): Promise<void> {
  const existing = await core.db.selectFrom('sla_policies').select('id').executeTakeFirst();
  if (existing) return;
  const calendar = await createCalendar(core, systemActor, {
    name: 'London office',
    timeZone: 'Europe/London',
    weeklyHours: [office, office, office, office, office, '', ''],
    holidays: ['2026-12-25', '2026-12-28'],
  });
  await createPolicy(core, systemActor, {
    name: 'Standard support',
    calendarId: calendar.id,
    atRiskPercent: 75,
    targets: {
      P1: { firstResponse: 30, nextReply: hours(1), resolution: hours(4) },
      P2: { firstResponse: hours(1), nextReply: hours(2), resolution: hours(8) },
      P3: { firstResponse: hours(4), nextReply: hours(8), resolution: days(3) },
      P4: { firstResponse: hours(8), nextReply: hours(16), resolution: days(5) },
    },
  });
}
