/**
 * Service-performance reports: KPIs over a period beside the previous one (tickets created and
 * resolved, backlog, first response and resolution times in business minutes, SLA compliance, reopen
 * rate, first-contact resolution, knowledge-base deflection), broken down by group, agent, request type,
 * priority and kind, with admins' targets, CSV export, and a weekly digest for group leads. Reads a fact
 * table that ticket events keep current, so a 90-day report stays fast at a million tickets.
 * @example
 * installReports(core); // after installSla: keeps the facts current from ticket events
 * const period = resolvePeriod({ range: '30' }, new Date());
 * const overview = await reportOverview(core, agent, period);
 * const byGroup = await reportBreakdown(core, agent, period, 'group');
 * await sendWeeklyDigests(core, new Date()); // every minute; mails leads once per ISO week
 */
export { installReports, rebuildJobType } from './install.ts';
export { rebuildReportFacts } from './facts.ts';
export { reportBreakdown, reportOverview } from './report.ts';
export type { BreakdownRow, KpiFigure, KpiValues, ReportBreakdown, ReportOverview } from './report.ts';
export type { ReportFilter } from './collect.ts';
export { dimensionNames, dimensions, kpiDefinitions, kpiIds, targetStatus } from './kpis.ts';
export type { Dimension, KpiDefinition, KpiId, KpiUnit, TargetStatus } from './kpis.ts';
export { daysOf, isoDay, maxPeriodDays, parseDay, periodRanges, previousPeriod, resolvePeriod } from './period.ts';
export type { PeriodParams, PeriodRange, ReportPeriod } from './period.ts';
export { percentile } from './stats.ts';
export type { TicketKpiValues } from './stats.ts';
export { getReportTargets, saveReportTargets, targetsInputSchema } from './targets.ts';
export type { ReportTargets, TargetsInput } from './targets.ts';
export { csvCell, csvTables, reportCsv, toCsv } from './csv.ts';
export type { CsvCell, CsvTable } from './csv.ts';
export { digestText, isoWeekOf, sendWeeklyDigests } from './digest.ts';
export { formatKpiValue, formatMinutes } from './format.ts';
