import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, alwaysOpenCalendar, businessMinutesBetween } from '../../../src/core/sla/index.ts';
import type { BusinessCalendar } from '../../../src/core/sla/index.ts';

const nineToFive: [number, number][] = [[540, 1020]];
function officeHours(timeZone: string, holidays: string[] = []): BusinessCalendar {
  return {
    id: 'test',
    name: 'Office',
    timeZone,
    weeklyHours: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, [], []],
    holidays,
  };
}
const berlin = officeHours('Europe/Berlin', ['2026-12-24', '2026-12-25']);
const newYork = officeHours('America/New_York');

describe('addBusinessMinutes', () => {
  it('carries a deadline over the weekend in Berlin', () => {
    // Friday 16:00 CET + 2 h of 9–17 hours → Monday 10:00 CET.
    expect(addBusinessMinutes(berlin, new Date('2026-11-20T15:00:00Z'), 120).toISOString()).toBe(
      '2026-11-23T09:00:00.000Z',
    );
  });

  it('skips holidays in the calendar zone', () => {
    // Wednesday 23 Dec 16:00 CET + 2 h: Thursday and Friday are holidays, then the weekend → Monday 10:00.
    expect(addBusinessMinutes(berlin, new Date('2026-12-23T15:00:00Z'), 120).toISOString()).toBe(
      '2026-12-28T09:00:00.000Z',
    );
  });

  it('keeps local business hours across the October DST change in Berlin', () => {
    // Friday 23 Oct 16:00 CEST (UTC+2) + 2 h → Monday 26 Oct 10:00 CET (UTC+1).
    expect(addBusinessMinutes(berlin, new Date('2026-10-23T14:00:00Z'), 120).toISOString()).toBe(
      '2026-10-26T09:00:00.000Z',
    );
  });

  it('keeps local business hours across the November DST change in New York', () => {
    // Friday 30 Oct 16:00 EDT (UTC−4) + 2 h → Monday 2 Nov 10:00 EST (UTC−5).
    expect(addBusinessMinutes(newYork, new Date('2026-10-30T20:00:00Z'), 120).toISOString()).toBe(
      '2026-11-02T15:00:00.000Z',
    );
  });

  it('starts the clock at the next opening when started out of hours', () => {
    // Saturday noon → Monday 09:00 EST + 30 m.
    expect(addBusinessMinutes(newYork, new Date('2026-11-07T17:00:00Z'), 30).toISOString()).toBe(
      '2026-11-09T14:30:00.000Z',
    );
  });

  it('counts real time on the 24×7 calendar', () => {
    expect(addBusinessMinutes(alwaysOpenCalendar, new Date('2026-10-24T10:00:00Z'), 1500).toISOString()).toBe(
      '2026-10-25T11:00:00.000Z',
    );
  });
});

describe('businessMinutesBetween', () => {
  it('counts only business hours over a weekend and holidays', () => {
    // Wednesday 23 Dec 15:00 CET → Monday 28 Dec 11:00 CET: 2 h on Wednesday, 2 h on Monday.
    expect(businessMinutesBetween(berlin, new Date('2026-12-23T14:00:00Z'), new Date('2026-12-28T10:00:00Z'))).toBe(
      240,
    );
  });

  it('counts a 25-hour day across the DST change on an around-the-clock Berlin calendar', () => {
    const allDay: [number, number][] = [[0, 1440]];
    const calendar: BusinessCalendar = {
      ...berlin,
      holidays: [],
      weeklyHours: Array.from({ length: 7 }, () => allDay),
    };
    // Saturday 24 Oct 12:00 CEST → Sunday 25 Oct 12:00 CET is 25 real hours.
    expect(businessMinutesBetween(calendar, new Date('2026-10-24T10:00:00Z'), new Date('2026-10-25T11:00:00Z'))).toBe(
      1500,
    );
  });

  it('is negative when the second moment comes first, and undoes addBusinessMinutes', () => {
    const start = new Date('2026-10-30T19:15:00Z');
    const end = addBusinessMinutes(newYork, start, 725);
    expect(businessMinutesBetween(newYork, start, end)).toBe(725);
    expect(businessMinutesBetween(newYork, end, start)).toBe(-725);
  });
});
