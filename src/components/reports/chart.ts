/** The geometry of a small line chart, computed on the server (no chart script). */
export interface ChartBox {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const defaultBox: ChartBox = { width: 640, height: 200, top: 16, right: 16, bottom: 32, left: 56 };

/**
 * A "nice" upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least the largest value.
 * @example
 * niceMax(87); // 100
 * niceMax(0); // 1
 */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export interface LineChart {
  box: ChartBox;
  max: number;
  /** The line through the days that have a value; gaps (null) break it into segments. */
  path: string;
  /** Dots for every day with a value (a single day draws no line). */
  dots: { x: number; y: number }[];
  /** Five horizontal gridlines from 0 to max. */
  ticks: { value: number; y: number }[];
  /** The target's y, or null without a target. */
  targetY: number | null;
  /** x of the first and last day, for the axis labels. */
  firstX: number;
  lastX: number;
  baseline: number;
}

/**
 * Lays out a daily series (and an optional target line) in a box: y from 0 to a nice max that fits the
 * values and the target, x evenly spaced.
 * @example
 * lineChart([1, null, 3], 2).path; // 'M56,…' (two dots, no segment across the gap)
 */
export function lineChart(values: (number | null)[], target: number | null, box: ChartBox = defaultBox): LineChart {
  const present = values.filter((value): value is number => value !== null);
  const max = niceMax(Math.max(0, ...present, target ?? 0));
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const baseline = box.top + plotHeight;
  const x = (index: number) =>
    round(values.length <= 1 ? box.left + plotWidth / 2 : box.left + (index / (values.length - 1)) * plotWidth);
  const y = (value: number) => round(baseline - (value / max) * plotHeight);
  let path = '';
  let drawing = false;
  const dots: { x: number; y: number }[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(index)},${y(value)}`;
    drawing = true;
    dots.push({ x: x(index), y: y(value) });
  });
  return {
    box,
    max,
    path,
    dots,
    ticks: [0, 0.25, 0.5, 0.75, 1].map((share) => ({ value: share * max, y: y(share * max) })),
    targetY: target === null ? null : y(target),
    firstX: x(0),
    lastX: x(Math.max(0, values.length - 1)),
    baseline: round(baseline),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
