import type { KpiUnit } from './kpis.ts';

/**
 * A KPI value for people, in English (mail, CSV-free places): counts as they are, business minutes as
 * "1 h 05 min", percentages with one decimal; "—" without a value.
 * @example
 * formatKpiValue('minutes', 65); // '1 h 05 min'
 */
export function formatKpiValue(unit: KpiUnit, value: number | null): string {
  if (value === null) return '—';
  if (unit === 'percent') return `${(Math.round(value * 10) / 10).toFixed(1)} %`;
  if (unit === 'minutes') return formatMinutes(value);
  return String(Math.round(value));
}

/** Business minutes as "45 min", "1 h 05 min" or "26 h 00 min" (hours of business time, not days). */
export function formatMinutes(value: number): string {
  const minutes = Math.round(value);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
