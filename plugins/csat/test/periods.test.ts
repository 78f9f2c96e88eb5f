import { describe, expect, it } from 'vitest';
import { isoWeek } from '../format.ts';
import { parsePeriod } from '../stats.ts';

describe('parsePeriod', () => {
  it('offers 30, 90 and 365 days, 90 by default', () => {
    expect(parsePeriod('30')).toBe(30);
    expect(parsePeriod('365')).toBe(365);
    expect(parsePeriod(null)).toBe(90);
    expect(parsePeriod('7')).toBe(90);
  });
});

describe('isoWeek', () => {
  it('follows ISO-8601 across year ends', () => {
    expect(isoWeek(new Date('2021-01-03T12:00:00Z'))).toEqual({ key: '2020-W53', monday: '2020-12-28' });
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toEqual({ key: '2025-W01', monday: '2024-12-30' });
    expect(isoWeek(new Date('2026-03-11T23:59:59Z'))).toEqual({ key: '2026-W11', monday: '2026-03-09' });
  });
});
