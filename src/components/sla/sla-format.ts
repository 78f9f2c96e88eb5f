import type { SlaState, TargetView } from '../../core/sla/index.ts';
import type { Translate } from '../../i18n/index.ts';

export type SlaTone = 'ok' | 'at-risk' | 'breached' | 'paused' | 'met' | 'none';

export interface SlaSummary {
  text: string;
  tone: SlaTone;
}

/** "2 h 10 m", "35 m", "3 d 4 h": a span of real time, rounded to the minute. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} m` : `${hours} h`;
  return `${rest} m`;
}

/** One target's status in words (never colour alone). */
export function describeTarget(target: TargetView, t: Translate, now: Date): SlaSummary {
  const left = target.due.getTime() - now.getTime();
  if (target.met) return { text: t(target.breached ? 'sla.badge.metLate' : 'sla.badge.met'), tone: 'met' };
  if (target.paused) return { text: t('sla.badge.paused'), tone: 'paused' };
  if (target.breached) return { text: t('sla.badge.breached', { time: formatSpan(left) }), tone: 'breached' };
  if (target.atRisk) return { text: t('sla.badge.atRisk', { time: formatSpan(left) }), tone: 'at-risk' };
  return { text: t('sla.badge.due', { time: formatSpan(left) }), tone: 'ok' };
}

/** The target that matters most now: a breached one, else the soonest running one, else a paused one. */
export function urgentTarget(state: SlaState): TargetView | undefined {
  const open = state.targets.filter((target) => !target.met);
  const running = open.filter((target) => !target.paused).sort((a, b) => a.due.getTime() - b.due.getTime());
  return running.find((target) => target.breached) ?? running[0] ?? open[0];
}

/** A queue row's SLA in a few words. */
export function summarise(state: SlaState | undefined, t: Translate, now: Date): SlaSummary {
  if (!state) return { text: t('sla.badge.none'), tone: 'none' };
  const target = urgentTarget(state);
  if (!target) return { text: t('sla.badge.met'), tone: 'met' };
  return describeTarget(target, t, now);
}

/**
 * When the customer may expect an answer, in business terms of the policy's zone ("Tuesday 11:00"):
 * only the next response target, and only while it runs and is not breached.
 */
export function answerBy(state: SlaState | undefined, now: Date): string | null {
  const target = state?.targets.find(
    (item) => (item.kind === 'first_response' || item.kind === 'next_reply') && !item.met,
  );
  if (!state || !target || target.paused || target.breached) return null;
  const far = target.due.getTime() - now.getTime() > 6 * 86_400_000;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: state.timeZone,
    weekday: 'long',
    ...(far && { day: 'numeric', month: 'long' }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(target.due)
    .replace(' at ', ' ');
}
