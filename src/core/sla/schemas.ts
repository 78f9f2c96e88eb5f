import { z } from 'zod';
import { isValidTimeZone } from './zone.ts';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function minuteOfDay(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

/** "09:00-12:00, 13:00-17:00" → [[540, 720], [780, 1020]]; empty text is a day off. */
function parseDayText(text: string, ctx: z.RefinementCtx): [number, number][] {
  const intervals: [number, number][] = [];
  for (const part of text
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const [from, to, extra] = part.split('-');
    const start = from === undefined ? undefined : minuteOfDay(from);
    const end = to === undefined ? undefined : minuteOfDay(to);
    if (extra !== undefined || start === undefined || end === undefined) {
      ctx.addIssue({ code: 'custom', message: `Write hours like 09:00-17:00 ("${part}" is not).` });
      return z.NEVER;
    }
    intervals.push([start, end]);
  }
  return intervals;
}

const intervalsSchema = z
  .array(z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]))
  .max(12, 'Use at most 12 intervals a day.')
  .superRefine((intervals, ctx) => {
    const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([start, end], index) => {
      if (end <= start) ctx.addIssue({ code: 'custom', message: 'Each interval must end after it starts.' });
      else if (index > 0 && start < sorted[index - 1]![1]) {
        ctx.addIssue({ code: 'custom', message: 'Intervals must not overlap.' });
      }
    });
  })
  .transform((intervals) => [...intervals].sort((a, b) => a[0] - b[0]));

const dayHoursSchema = z
  .union([z.string().max(200), z.array(z.tuple([z.number(), z.number()]))])
  .transform((value, ctx) => (typeof value === 'string' ? parseDayText(value, ctx) : value))
  .pipe(intervalsSchema);

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Write dates like 2026-12-25.')
  .refine((value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, 'That date does not exist.');

const holidaysSchema = z
  .union([
    z.string().transform((text) =>
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
    z.array(z.string()),
  ])
  .pipe(z.array(isoDate).max(500, 'List at most 500 holidays.'))
  .transform((dates) => [...new Set(dates)].sort());

/**
 * A business calendar as admins enter it; weekly hours per weekday (Monday first) as intervals or as
 * text like "09:00-12:00, 13:00-17:00", holidays as dates or one date per line.
 */
export const calendarInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
    timeZone: z
      .string()
      .trim()
      .min(1, 'Enter a time zone.')
      .refine(isValidTimeZone, 'Enter an IANA time zone, like Europe/Berlin.'),
    weeklyHours: z.array(dayHoursSchema).length(7, 'Give hours for each of the seven weekdays.'),
    holidays: holidaysSchema.default([]),
  })
  .superRefine((calendar, ctx) => {
    if (calendar.weeklyHours.every((day) => day.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['weeklyHours', 0], message: 'Give business hours on at least one day.' });
    }
  });
export type CalendarInput = z.input<typeof calendarInputSchema>;
export { weekdays };

/** "30", "30m", "4h", "1h 30m", "2d" (24 h days) → minutes; a number is minutes already. */
export function parseDuration(value: string): number | undefined {
  const text = value.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?$/.exec(text);
  if (!match || text === '') return undefined;
  return Number(match[1] ?? 0) * 1440 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

const targetMinutes = z
  .union([z.number(), z.null(), z.string()])
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    if (value.trim() === '') return null;
    const minutes = parseDuration(value);
    if (minutes === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Write a duration like 30m, 4h or 1h 30m.' });
      return z.NEVER;
    }
    return minutes;
  })
  .pipe(z.number().int().min(1, 'Use at least one minute.').max(525_600, 'Use at most a year.').nullable());

const priorityTargets = z
  .object({ firstResponse: targetMinutes, nextReply: targetMinutes, resolution: targetMinutes })
  .partial()
  .transform((value) => ({
    firstResponse: value.firstResponse ?? null,
    nextReply: value.nextReply ?? null,
    resolution: value.resolution ?? null,
  }));

const idList = z.array(z.string().trim().min(1)).max(200).default([]);

/** An SLA policy as admins enter it; targets in business minutes (or duration text), null for none. */
export const policyInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
  position: z.number().int().min(0).max(10_000).optional(),
  conditions: z
    .object({
      requestTypeIds: idList,
      kinds: z.array(z.enum(['incident', 'service_request', 'problem', 'change'])).default([]),
      organisationIds: idList,
      groupIds: idList,
    })
    .default({ requestTypeIds: [], kinds: [], organisationIds: [], groupIds: [] }),
  calendarId: z.string().trim().min(1).nullable().default(null),
  atRiskPercent: z.number().int().min(1, 'Use 1 to 99.').max(99, 'Use 1 to 99.').default(75),
  targets: z.object({ P1: priorityTargets, P2: priorityTargets, P3: priorityTargets, P4: priorityTargets }),
});
export type PolicyInput = z.input<typeof policyInputSchema>;
export type PolicyData = z.infer<typeof policyInputSchema>;
