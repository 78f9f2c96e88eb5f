import { describe, expect, it } from 'vitest';
import { lineChart, niceMax } from '../../../src/components/reports/chart.ts';

const box = { width: 200, height: 120, top: 10, right: 0, bottom: 10, left: 0 };

describe('niceMax', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 0.3, 1, 7, 87, 100, 101, 240, 260, 6000].map(niceMax)).toEqual([
      1, 0.5, 1, 10, 100, 100, 200, 250, 500, 10000,
    ]);
  });
});

describe('lineChart', () => {
  it('spaces days evenly and scales values from the baseline to a nice max', () => {
    const chart = lineChart([0, 50, 100], null, box);
    expect(chart.max).toBe(100);
    expect(chart.path).toBe('M0,110L100,60L200,10');
    expect(chart.ticks.map((tick) => [tick.value, tick.y])).toEqual([
      [0, 110],
      [25, 85],
      [50, 60],
      [75, 35],
      [100, 10],
    ]);
    expect(chart.targetY).toBeNull();
  });

  it('breaks the line at days without a value', () => {
    const chart = lineChart([10, null, 10, 20], null, box);
    expect(chart.max).toBe(20);
    expect(chart.path).toBe('M0,60M133.3,60L200,10');
    expect(chart.dots).toHaveLength(3);
  });

  it('fits the target line even above every value', () => {
    const chart = lineChart([10, 20], 60, box);
    expect(chart.max).toBe(100);
    expect(chart.targetY).toBe(50);
  });

  it('centres a single day', () => {
    const chart = lineChart([5], null, box);
    expect(chart.path).toBe('M100,10');
    expect(chart.firstX).toBe(100);
  });
});
