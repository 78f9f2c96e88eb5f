/** When a plugin's job runs: the start of the latest slot at or before a moment. */
export interface Schedule {
  /** The latest slot start at or before `now`. */
  latestSlot(now: Date): Date;
}

const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const minute = 60_000;

/**
 * Reads a job's `every` (`30s`, `15m`, `1h`, `7d`; at least 10 s) or five-field UTC `cron` expression.
 * @example
 * parseSchedule({ cron: '0 8 * * 1' }).latestSlot(new Date()); // the last Monday 08:00 UTC
 */
export function parseSchedule(job: { every?: string | undefined; cron?: string | undefined }): Schedule {
  if (job.every !== undefined) {
    const match = /^(\d+)\s*([smhd])$/.exec(job.every.trim());
    const interval = match ? Number(match[1]) * (units[match[2] ?? ''] ?? 0) : 0;
    if (!match || interval < 10_000)
      throw new Error(`every: "${job.every}" must be like 30s, 15m, 1h or 7d (10s or more)`);
    return { latestSlot: (now) => new Date(Math.floor(now.getTime() / interval) * interval) };
  }
  const fields = (job.cron ?? '').trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`cron: "${job.cron}" must have five fields (minute hour day month weekday)`);
  const [minutes, hours, days, months, weekdays] = [
    cronField(fields[0] ?? '', 0, 59, 'minute'),
    cronField(fields[1] ?? '', 0, 23, 'hour'),
    cronField(fields[2] ?? '', 1, 31, 'day'),
    cronField(fields[3] ?? '', 1, 12, 'month'),
    cronField((fields[4] ?? '').replace(/\b7\b/g, '0'), 0, 6, 'weekday'),
  ];
  // Like cron: when both day fields are restricted, either may match.
  const dayRestricted = fields[2] !== '*';
  const weekdayRestricted = fields[4] !== '*';
  const matches = (at: Date) => {
    const dayOk = days.has(at.getUTCDate());
    const weekdayOk = weekdays.has(at.getUTCDay());
    const dayMatch = dayRestricted && weekdayRestricted ? dayOk || weekdayOk : dayOk && weekdayOk;
    return (
      minutes.has(at.getUTCMinutes()) && hours.has(at.getUTCHours()) && months.has(at.getUTCMonth() + 1) && dayMatch
    );
  };
  return {
    latestSlot(now) {
      let at = Math.floor(now.getTime() / minute) * minute;
      // Step back over whole hours that cannot match, then minutes; a year bounds the search.
      for (let steps = 0; steps < 600_000; steps++) {
        const date = new Date(at);
        if (!hours.has(date.getUTCHours()) || !months.has(date.getUTCMonth() + 1)) {
          at = at - date.getUTCMinutes() * minute - minute;
          continue;
        }
        if (matches(date)) return date;
        at -= minute;
      }
      return new Date(0);
    },
  };
}

function cronField(text: string, min: number, max: number, name: string): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron: the ${name} field "${text}" is not valid`);
    const [range = '*', stepText] = [match[1], match[2]];
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] =
      range === '*'
        ? [min, max]
        : range.includes('-')
          ? range.split('-').map(Number)
          : [Number(range), stepText ? max : Number(range)];
    if (from === undefined || to === undefined || from < min || to > max || from > to || step < 1) {
      throw new Error(`cron: the ${name} field "${text}" must stay within ${min}-${max}`);
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}
