import type { KpiUnit } from '../../core/reports/index.ts';
import type { Translate } from '../../i18n/index.ts';

const percentFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/**
 * A KPI value for the page: counts, business minutes as "1 h 05 min", percentages with one decimal.
 * @example
 * kpiText(t, 'minutes', 65); // '1 h 05 min'
 */
export function kpiText(t: Translate, unit: KpiUnit, value: number | null): string {
  if (value === null) return t('reports.noValue');
  if (unit === 'percent') return `${percentFormat.format(value)} %`;
  if (unit === 'minutes') {
    const minutes = Math.round(value);
    if (minutes < 60) return t('reports.unit.minutesShort', { minutes });
    return t('reports.unit.minutes', {
      hours: Math.floor(minutes / 60),
      minutes: String(minutes % 60).padStart(2, '0'),
    });
  }
  return countFormat.format(value);
}
