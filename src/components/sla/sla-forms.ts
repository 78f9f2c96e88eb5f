import type { CalendarInput, PolicyInput, SlaCalendar, SlaPolicy } from '../../core/sla/index.ts';
import { priorities } from '../../core/tickets/index.ts';
import { formatSpan } from './sla-format.ts';

export const targetFields = ['firstResponse', 'nextReply', 'resolution'] as const;
export const kindOptions = ['incident', 'service_request', 'problem', 'change'] as const;

/** The text fields of the admin forms, by control name (the core's error paths). */
export type FormValues = Record<string, string>;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};
const all = (form: FormData, name: string) =>
  form.getAll(name).filter((value): value is string => typeof value === 'string');

/** Minutes as admins write them: "4 h", "1 h 30 m", "" for none. */
export function durationText(minutes: number | null): string {
  if (minutes === null) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours > 0 ? `${hours}h` : '', rest > 0 || hours === 0 ? `${rest}m` : ''].filter(Boolean).join(' ');
}

/** Business minutes for tables: "30 m", "4 h", "—". */
export function minutesText(minutes: number | null): string {
  return minutes === null ? '—' : formatSpan(minutes * 60_000);
}

export function policyFromForm(form: FormData): {
  input: PolicyInput;
  values: FormValues;
  ticked: Record<string, string[]>;
} {
  const values: FormValues = {};
  for (const name of ['name', 'position', 'calendarId', 'atRiskPercent']) values[name] = text(form, name);
  for (const priority of priorities) {
    for (const field of targetFields)
      values[`targets.${priority}.${field}`] = text(form, `targets.${priority}.${field}`);
  }
  const ticked = {
    kinds: all(form, 'kinds'),
    requestTypeIds: all(form, 'requestTypeIds'),
    organisationIds: all(form, 'organisationIds'),
    groupIds: all(form, 'groupIds'),
  };
  const position = values['position']!.trim();
  const atRisk = values['atRiskPercent']!.trim();
  const input = {
    name: values['name']!,
    ...(position !== '' && { position: /^\d+$/.test(position) ? Number(position) : -1 }),
    calendarId: values['calendarId'] || null,
    atRiskPercent: atRisk === '' ? 75 : /^\d+$/.test(atRisk) ? Number(atRisk) : 0,
    // Unknown kinds are refused by the core's schema with a message.
    conditions: { ...ticked, kinds: ticked.kinds as (typeof kindOptions)[number][] },
    targets: Object.fromEntries(
      priorities.map((priority) => [
        priority,
        Object.fromEntries(targetFields.map((field) => [field, values[`targets.${priority}.${field}`]!])),
      ]),
    ) as PolicyInput['targets'],
  } satisfies PolicyInput;
  return { input, values, ticked };
}

export function policyValues(policy: SlaPolicy | undefined): { values: FormValues; ticked: Record<string, string[]> } {
  const values: FormValues = {
    name: policy?.name ?? '',
    position: policy ? String(policy.position) : '',
    calendarId: policy?.calendarId ?? '',
    atRiskPercent: String(policy?.atRiskPercent ?? 75),
  };
  for (const priority of priorities) {
    for (const field of targetFields) {
      values[`targets.${priority}.${field}`] = durationText(policy?.targets[priority][field] ?? null);
    }
  }
  const conditions = policy?.conditions;
  return {
    values,
    ticked: {
      kinds: conditions?.kinds ?? [],
      requestTypeIds: conditions?.requestTypeIds ?? [],
      organisationIds: conditions?.organisationIds ?? [],
      groupIds: conditions?.groupIds ?? [],
    },
  };
}

/** "09:00-12:00, 13:00-17:00" for a day's intervals. */
export function dayText(intervals: [number, number][]): string {
  const clock = (minute: number) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return intervals.map(([start, end]) => `${clock(start)}-${clock(end)}`).join(', ');
}

export function calendarFromForm(form: FormData): { input: CalendarInput; values: FormValues } {
  const values: FormValues = {
    name: text(form, 'name'),
    timeZone: text(form, 'timeZone'),
    holidays: text(form, 'holidays'),
  };
  for (let day = 0; day < 7; day++) values[`weeklyHours.${day}`] = text(form, `weeklyHours.${day}`);
  return {
    values,
    input: {
      name: values['name']!,
      timeZone: values['timeZone']!,
      weeklyHours: Array.from({ length: 7 }, (_, day) => values[`weeklyHours.${day}`]!),
      holidays: values['holidays']!,
    },
  };
}

export function calendarValues(calendar: SlaCalendar | undefined): FormValues {
  const values: FormValues = {
    name: calendar?.name ?? '',
    timeZone: calendar?.timeZone ?? 'Europe/London',
    holidays: calendar?.holidays.join('\n') ?? '',
  };
  for (let day = 0; day < 7; day++) {
    values[`weeklyHours.${day}`] = calendar ? dayText(calendar.weeklyHours[day]!) : day < 5 ? '09:00-17:00' : '';
  }
  return values;
}

/** Errors by control name: list paths ("holidays.2") fold into their control. */
export function errorsByControl(fields: Record<string, string> | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    const control = /^(holidays|conditions\.\w+)/.exec(path)?.[1]?.replace('conditions.', '') ?? path;
    errors[control] ??= message;
  }
  return errors;
}
