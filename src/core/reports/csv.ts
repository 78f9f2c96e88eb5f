import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { dimensionNames, kpiDefinitions } from './kpis.ts';
import type { Dimension } from './kpis.ts';
import { isoDay } from './period.ts';
import type { ReportPeriod } from './period.ts';
import { reportBreakdown, reportOverview } from './report.ts';

export type CsvCell = string | number | null;

/** The tables a CSV export may name. */
export const csvTables = ['kpis', 'daily', 'breakdown'] as const;
export type CsvTable = (typeof csvTables)[number];

/**
 * One CSV cell (RFC 4180): text that a spreadsheet would run as a formula (starting with = + - @, a
 * tab or a carriage return) gets a leading apostrophe; cells with commas, quotes or line breaks are quoted.
 * Numbers are written as they are (a negative number is not a formula).
 * @example
 * csvCell('=HYPERLINK("x")'); // "'=HYPERLINK(""x"")"
 */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: a header row and rows, CRLF line ends. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * A report table as CSV: `kpis` (each KPI beside the previous period and its target), `daily` (the
 * charts' data: every KPI per day) or `breakdown` (the KPIs per value of a dimension). Agents and admins.
 * @example
 * const { fileName, text } = await reportCsv(core, agent, { table: 'breakdown', dimension: 'group', period });
 */
export async function reportCsv(
  core: Core,
  actor: Actor | null,
  input: { table: string; period: ReportPeriod; dimension?: Dimension; now?: Date },
): Promise<{ fileName: string; text: string }> {
  const span = `${isoDay(input.period.from)}_${isoDay(new Date(input.period.to.getTime() - 1))}`;
  const now = input.now ?? new Date();
  if (input.table === 'kpis' || input.table === 'daily') {
    const overview = await reportOverview(core, actor, input.period, { now });
    if (input.table === 'kpis') {
      const rows = overview.kpis.map((kpi) => [kpi.name, kpi.unit, kpi.value, kpi.previous, kpi.target, kpi.status]);
      return {
        fileName: `portico-kpis_${span}.csv`,
        text: toCsv(['KPI', 'Unit', 'Value', 'Previous period', 'Target', 'Target status'], rows),
      };
    }
    const days = overview.kpis[0]?.series.map((point) => point.day) ?? [];
    const rows = days.map((day, index) => [day, ...overview.kpis.map((kpi) => kpi.series[index]?.value ?? null)]);
    return {
      fileName: `portico-daily_${span}.csv`,
      text: toCsv(['Day', ...overview.kpis.map((kpi) => kpi.name)], rows),
    };
  }
  if (input.table === 'breakdown') {
    const dimension = input.dimension ?? 'group';
    const breakdown = await reportBreakdown(core, actor, input.period, dimension, { now });
    const ticketKpis = kpiDefinitions.filter((kpi) => kpi.id !== 'deflection_rate');
    const rows = [
      ...breakdown.rows.map((row) => [
        row.label,
        ...ticketKpis.map((kpi) => row.values[kpi.id as keyof typeof row.values]),
      ]),
      ['Total', ...ticketKpis.map((kpi) => breakdown.total[kpi.id as keyof typeof breakdown.total])],
    ];
    return {
      fileName: `portico-by-${dimension.replace('_', '-')}_${span}.csv`,
      text: toCsv([dimensionNames[dimension], ...ticketKpis.map((kpi) => kpi.name)], rows),
    };
  }
  throw new PorticoError('invalid_input', 'Choose a table to export: kpis, daily or breakdown.', {
    details: { fields: { table: 'Unknown table.' } },
  });
}
