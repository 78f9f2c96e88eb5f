import type { Core } from '../context.ts';
import { toStoredTime } from '../db/values.ts';
import { enqueueJob } from '../jobs/index.ts';
import { systemActor } from '../users/index.ts';
import { formatKpiValue } from './format.ts';
import { isoDay } from './period.ts';
import type { ReportPeriod } from './period.ts';
import { reportOverview } from './report.ts';
import type { KpiFigure } from './report.ts';

const dayMs = 86_400_000;
const sendHourUtc = 7;
// The digest's lines: the main KPIs (created/resolved/backlog, times, SLA, reopens, first contact).
const digestKpis = new Set([
  'created',
  'resolved',
  'backlog',
  'frt_median',
  'resolution_median',
  'sla_first_response',
  'sla_resolution',
  'reopen_rate',
  'fcr_rate',
]);

/** Monday 00:00 UTC of the ISO week that contains `now`, and the week's name (e.g. 2026-W48). */
export function isoWeekOf(now: Date): { monday: Date; week: string } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weekday = (now.getUTCDay() + 6) % 7;
  const monday = midnight - weekday * dayMs;
  // The ISO week-year is the year of the week's Thursday.
  const thursday = new Date(monday + 3 * dayMs);
  const year = thursday.getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 1) + ((4 - new Date(Date.UTC(year, 0, 1)).getUTCDay() + 7) % 7) * dayMs;
  const number = Math.round((thursday.getTime() - firstThursday) / (7 * dayMs)) + 1;
  return { monday: new Date(monday), week: `${year}-W${String(number).padStart(2, '0')}` };
}

function line(kpi: KpiFigure): string {
  const target =
    kpi.target === null
      ? ''
      : ` — target ${kpi.better === 'lower' ? '≤' : '≥'} ${formatKpiValue(kpi.unit, kpi.target)}: ${kpi.status === 'met' ? 'met' : kpi.status === 'missed' ? 'MISSED' : 'no data'}`;
  return `- ${kpi.name}: ${formatKpiValue(kpi.unit, kpi.value)} (week before: ${formatKpiValue(kpi.unit, kpi.previous)})${target}`;
}

/** The plain-text digest of one lead's groups for a week. */
export function digestText(
  lead: { name: string },
  period: ReportPeriod,
  groups: { name: string; kpis: KpiFigure[] }[],
  reportsUrl: string,
): string {
  const last = isoDay(new Date(period.to.getTime() - 1));
  const sections = groups.map((group) =>
    [`${group.name}`, ...group.kpis.filter((kpi) => digestKpis.has(kpi.id)).map(line)].join('\n'),
  );
  return [
    `Hello ${lead.name},`,
    '',
    `here is how your groups did from ${isoDay(period.from)} to ${last} (UTC), compared with the week before.`,
    'Times are in business minutes of each ticket’s SLA calendar.',
    '',
    sections.join('\n\n'),
    '',
    `The full reports: ${reportsUrl}`,
    '',
    'You get this mail every Monday because you lead these groups in Portico.',
    '',
  ].join('\n');
}

/**
 * Sends each group lead a plain-text summary of last week's KPIs for the groups they lead (against the
 * targets) as a `mail.send` job — once per lead and ISO week, from Monday 07:00 UTC on. Safe to call
 * every minute: before Monday 07:00, or once every lead had theirs, it does nothing.
 * @example
 * await sendWeeklyDigests(core, new Date()); // every minute
 */
export async function sendWeeklyDigests(core: Core, now = new Date()): Promise<{ sent: number }> {
  const { monday, week } = isoWeekOf(now);
  if (now.getTime() < monday.getTime() + (sendHourUtc * dayMs) / 24) return { sent: 0 };
  const [leads, done] = await Promise.all([
    core.db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .select([
        'users.id as user_id',
        'users.name as user_name',
        'users.email',
        'groups.id as group_id',
        'groups.name as group_name',
      ])
      .where('group_members.is_lead', '=', 1)
      .where('users.active', '=', 1)
      .where('users.role', 'in', ['agent', 'admin'])
      .orderBy('groups.name')
      .execute(),
    core.db.selectFrom('report_digests').select('user_id').where('week', '=', week).execute(),
  ]);
  const sent = new Set(done.map((row) => row.user_id));
  const byLead = new Map<string, typeof leads>();
  for (const row of leads) {
    if (sent.has(row.user_id)) continue;
    byLead.set(row.user_id, [...(byLead.get(row.user_id) ?? []), row]);
  }
  const period = { from: new Date(monday.getTime() - 7 * dayMs), to: monday };
  const url = new URL('/desk/reports', core.config.publicUrl);
  url.search = new URLSearchParams({
    range: 'custom',
    from: isoDay(period.from),
    to: isoDay(new Date(monday.getTime() - dayMs)),
  }).toString();
  let count = 0;
  for (const [userId, rows] of byLead) {
    const groups: { name: string; kpis: KpiFigure[] }[] = [];
    for (const row of rows) {
      const overview = await reportOverview(core, systemActor, period, {
        now,
        filter: { dimension: 'group', value: row.group_id },
        series: false,
      });
      groups.push({ name: row.group_name, kpis: overview.kpis });
    }
    const lead = rows[0]!;
    const text = digestText({ name: lead.user_name }, period, groups, url.toString());
    await core.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('report_digests')
        .values({ user_id: userId, week, sent_at: toStoredTime(now) })
        .onConflict((conflict) => conflict.columns(['user_id', 'week']).doNothing())
        .execute();
      await enqueueJob(
        trx,
        'mail.send',
        {
          to: lead.email,
          subject: `Weekly service report ${week}: ${groups.map((group) => group.name).join(', ')}`,
          text,
        },
        { dedupeKey: `reports.digest:${week}:${userId}` },
      );
    });
    count++;
  }
  return { sent: count };
}
