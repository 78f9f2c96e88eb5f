import type { Core } from '../context.ts';
import { knowledgeBaseInsights } from '../kb/index.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { collect, totalKey } from './collect.ts';
import type { ReportFilter } from './collect.ts';
import { dimensions, kpiDefinitions, targetStatus } from './kpis.ts';
import type { Dimension, KpiDefinition, TargetStatus } from './kpis.ts';
import { assertPeriod, daysOf, previousPeriod } from './period.ts';
import type { ReportPeriod } from './period.ts';
import { bucketValues, percent } from './stats.ts';
import type { TicketKpiValues } from './stats.ts';
import { loadTargets } from './targets.ts';
import { PorticoError } from '../errors.ts';

export type KpiValues = TicketKpiValues & { deflection_rate: number | null };

/** One KPI over the period, beside the previous period and its target, with its daily series. */
export interface KpiFigure extends KpiDefinition {
  value: number | null;
  previous: number | null;
  target: number | null;
  status: TargetStatus;
  /** One value per UTC day of the period (backlog: open at the end of the day). */
  series: { day: string; value: number | null }[];
}

export interface ReportOverview {
  period: ReportPeriod;
  previous: ReportPeriod;
  filter: ReportFilter | null;
  kpis: KpiFigure[];
}

/** The knowledge base's deflection over a period (its own definition, see kb insights), daily too. */
async function deflection(core: Core, actor: Actor, period: ReportPeriod) {
  // knowledgeBaseInsights takes an inclusive end; the report's end is exclusive.
  const insights = await knowledgeBaseInsights(core, actor, {
    from: period.from,
    to: new Date(period.to.getTime() - 1),
  });
  return {
    total: insights.totals.deflectionRate === null ? null : insights.totals.deflectionRate * 100,
    daily: new Map(insights.daily.map((row) => [row.day, percent(row.deflected, row.searches)])),
  };
}

/**
 * Every KPI over a period (from inclusive, to exclusive, whole UTC days) beside the previous period of
 * equal length, with the admins' targets and a daily series for the charts. With a filter, only the
 * tickets of one group (agent, request type…); the knowledge base's deflection is then left out (it is
 * not a ticket figure). `series: false` leaves the daily series out (faster). Agents and admins.
 * @example
 * const overview = await reportOverview(core, agent, { from: new Date('2026-11-01'), to: new Date('2026-12-01') });
 * overview.kpis.find((kpi) => kpi.id === 'frt_median'); // { value: 42.5, previous: 51, target: 60, status: 'met', … }
 */
export async function reportOverview(
  core: Core,
  actor: Actor | null,
  period: ReportPeriod,
  options: { now?: Date; filter?: ReportFilter; series?: boolean } = {},
): Promise<ReportOverview> {
  assertStaff(actor);
  assertPeriod(period);
  const now = options.now ?? new Date();
  const previous = previousPeriod(period);
  const filter = options.filter;
  const [current, before, targets, kbNow, kbBefore] = await Promise.all([
    collect(core.db, period, { now, daily: options.series !== false, filter }),
    collect(core.db, previous, { now, filter }),
    loadTargets(core.db),
    filter ? null : deflection(core, actor, period),
    filter ? null : deflection(core, actor, previous),
  ]);
  const values: KpiValues = { ...bucketValues(current.get(totalKey)!), deflection_rate: kbNow?.total ?? null };
  const old: KpiValues = { ...bucketValues(before.get(totalKey)!), deflection_rate: kbBefore?.total ?? null };
  const days = (options.series === false ? [] : daysOf(period)).map((day) => ({
    day,
    values: bucketValues(current.get(day)!),
  }));
  const kpis = kpiDefinitions
    .filter((kpi) => !(filter && kpi.id === 'deflection_rate'))
    .map((kpi): KpiFigure => {
      const target = targets[kpi.id] ?? null;
      return {
        ...kpi,
        value: values[kpi.id],
        previous: old[kpi.id],
        target,
        status: targetStatus(kpi.id, values[kpi.id], target),
        series: days.map(({ day, values: daily }) => ({
          day,
          value: kpi.id === 'deflection_rate' ? (kbNow?.daily.get(day) ?? null) : daily[kpi.id],
        })),
      };
    });
  return { period, previous, filter: filter ?? null, kpis };
}

export interface BreakdownRow {
  /** The dimension's value (a group id, a priority…); null for none (no group, unassigned…). */
  key: string | null;
  label: string;
  values: TicketKpiValues;
}

export interface ReportBreakdown {
  dimension: Dimension;
  period: ReportPeriod;
  rows: BreakdownRow[];
  total: TicketKpiValues;
}

const kindLabels: Record<string, string> = {
  incident: 'Incident',
  service_request: 'Service request',
  problem: 'Problem',
  change: 'Change',
};

async function labelsFor(core: Core, dimension: Dimension, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  if (dimension === 'group') {
    const rows = await core.db.selectFrom('groups').select(['id', 'name']).where('id', 'in', keys).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
  if (dimension === 'agent') {
    const rows = await core.db.selectFrom('users').select(['id', 'name']).where('id', 'in', keys).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
  if (dimension === 'request_type') {
    const rows = await core.db.selectFrom('request_types').select(['id', 'name']).where('id', 'in', keys).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
  if (dimension === 'kind') return new Map(keys.map((key) => [key, kindLabels[key] ?? key]));
  return new Map(keys.map((key) => [key, key]));
}

const noneLabels: Record<Dimension, string> = {
  group: 'No group',
  agent: 'Unassigned',
  request_type: 'No request type',
  priority: 'No priority',
  kind: 'No kind',
};

/**
 * The ticket KPIs of a period per value of one dimension (group, agent, request type, priority or
 * kind), busiest first, with the total. Agents and admins.
 * @example
 * const { rows } = await reportBreakdown(core, agent, period, 'group');
 * rows[0]; // { key: 'g1', label: 'Service Desk', values: { created: 120, frt_median: 38, … } }
 */
export async function reportBreakdown(
  core: Core,
  actor: Actor | null,
  period: ReportPeriod,
  dimension: Dimension,
  options: { now?: Date } = {},
): Promise<ReportBreakdown> {
  assertStaff(actor);
  assertPeriod(period);
  if (!dimensions.includes(dimension)) {
    throw new PorticoError('invalid_input', 'Choose group, agent, request type, priority or kind.', {
      details: { fields: { by: 'Not a breakdown dimension.' } },
    });
  }
  const buckets = await collect(core.db, period, { now: options.now ?? new Date(), by: dimension });
  const keys = [...buckets.keys()].filter((key) => key !== totalKey);
  const labels = await labelsFor(
    core,
    dimension,
    keys.filter((key) => key !== ''),
  );
  const rows = keys.map((key) => ({
    key: key === '' ? null : key,
    label: key === '' ? noneLabels[dimension] : (labels.get(key) ?? key),
    values: bucketValues(buckets.get(key)!),
  }));
  rows.sort(
    (a, b) =>
      b.values.created +
        b.values.resolved +
        b.values.backlog -
        (a.values.created + a.values.resolved + a.values.backlog) || a.label.localeCompare(b.label),
  );
  return { dimension, period, rows, total: bucketValues(buckets.get(totalKey)!) };
}
