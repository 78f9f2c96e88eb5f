import { z } from 'zod';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { nowStored } from '../db/values.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin, assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { kpiDefinitions, kpiIds } from './kpis.ts';
import type { KpiId, KpiUnit } from './kpis.ts';

export type ReportTargets = Partial<Record<KpiId, number>>;

const limits: Record<KpiUnit, { max: number; message: string }> = {
  count: { max: 10_000_000, message: 'Enter a whole number of tickets, 0 or more.' },
  minutes: { max: 525_600, message: 'Enter business minutes, 0 or more (at most a year).' },
  percent: { max: 100, message: 'Enter a percentage from 0 to 100.' },
};

function targetField(unit: KpiUnit) {
  const { max, message } = limits[unit];
  return z
    .union([z.number(), z.string(), z.null()])
    .transform((value, context) => {
      const text = typeof value === 'string' ? value.trim().replace(/\s*%$/, '') : value;
      if (text === null || text === '') return null;
      const number = typeof text === 'number' ? text : Number(text);
      if (!Number.isFinite(number) || number < 0 || number > max || (unit === 'count' && !Number.isInteger(number))) {
        context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return number;
    })
    .optional();
}

/** Targets as a form sends them: one field per KPI, blank for none. */
export const targetsInputSchema = z
  .object(Object.fromEntries(kpiDefinitions.map((kpi) => [kpi.id, targetField(kpi.unit)])))
  .strict();
export type TargetsInput = Partial<Record<KpiId, string | number | null>>;

export async function loadTargets(db: Db): Promise<ReportTargets> {
  const rows = await db.selectFrom('report_targets').select(['kpi', 'value']).execute();
  const targets: ReportTargets = {};
  for (const row of rows)
    if ((kpiIds as readonly string[]).includes(row.kpi)) targets[row.kpi as KpiId] = Number(row.value);
  return targets;
}

/**
 * The targets per KPI (agents and admins): minutes are business minutes, rates are percentages.
 * @example
 * const targets = await getReportTargets(core, agent); // { frt_median: 60, sla_first_response: 95 }
 */
export async function getReportTargets(core: Core, actor: Actor | null): Promise<ReportTargets> {
  assertStaff(actor);
  return loadTargets(core.db);
}

/**
 * Sets the targets (admins only): every KPI named in the input is set, or cleared when blank; KPIs
 * not named keep theirs. Invalid values fail with a message per field.
 * @example
 * await saveReportTargets(core, admin, { frt_median: '60', sla_first_response: '95', reopen_rate: '' });
 */
export async function saveReportTargets(core: Core, actor: Actor | null, input: TargetsInput): Promise<ReportTargets> {
  assertAdmin(actor);
  const values = parseInput(targetsInputSchema, input) as Partial<Record<KpiId, number | null>>;
  const now = nowStored();
  const by = actor.role === 'system' ? null : actor.id;
  await core.db.transaction().execute(async (trx) => {
    for (const [kpi, value] of Object.entries(values) as [KpiId, number | null | undefined][]) {
      if (value === undefined) continue;
      if (value === null) {
        await trx.deleteFrom('report_targets').where('kpi', '=', kpi).execute();
        continue;
      }
      await trx
        .insertInto('report_targets')
        .values({ kpi, value, updated_by_id: by, updated_at: now })
        .onConflict((conflict) => conflict.column('kpi').doUpdateSet({ value, updated_by_id: by, updated_at: now }))
        .execute();
    }
  });
  return loadTargets(core.db);
}
