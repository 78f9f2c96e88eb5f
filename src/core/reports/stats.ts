/**
 * A percentile by linear interpolation between the closest ranks (rank = p × (n − 1), as numpy's
 * default): the median of an even count is the mean of the two middle values. null for no values.
 * @example
 * percentile([10, 20, 30, 40], 0.5); // 25
 * percentile([10, 20, 30, 40, 50], 0.9); // 46
 */
export function percentile(values: readonly number[] | Float64Array, fraction: number): number | null {
  return sortedPercentile(Float64Array.from(values).sort(), fraction);
}

/** percentile() of values already sorted ascending (a typed array sorts numerically, and fast). */
function sortedPercentile(sorted: Float64Array, fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** part / whole as a percentage (0–100); null when whole is 0. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** The counters and samples one bucket (the period, a day, a group…) collects. */
export interface Bucket {
  created: number;
  resolved: number;
  backlog: number;
  fcr: number;
  reopened: Set<string>;
  firstResponse: number[];
  resolution: number[];
  firstResponseMet: number;
  firstResponseMissed: number;
  resolutionMet: number;
  resolutionMissed: number;
}

export function emptyBucket(): Bucket {
  return {
    created: 0,
    resolved: 0,
    backlog: 0,
    fcr: 0,
    reopened: new Set(),
    firstResponse: [],
    resolution: [],
    firstResponseMet: 0,
    firstResponseMissed: 0,
    resolutionMet: 0,
    resolutionMissed: 0,
  };
}

/** The ticket KPIs of a bucket (deflection is not a ticket figure and is added by the overview). */
export function bucketValues(bucket: Bucket) {
  const firstResponse = Float64Array.from(bucket.firstResponse).sort();
  const resolution = Float64Array.from(bucket.resolution).sort();
  return {
    created: bucket.created,
    resolved: bucket.resolved,
    backlog: bucket.backlog,
    frt_median: sortedPercentile(firstResponse, 0.5),
    frt_p90: sortedPercentile(firstResponse, 0.9),
    resolution_median: sortedPercentile(resolution, 0.5),
    resolution_p90: sortedPercentile(resolution, 0.9),
    sla_first_response: percent(bucket.firstResponseMet, bucket.firstResponseMet + bucket.firstResponseMissed),
    sla_resolution: percent(bucket.resolutionMet, bucket.resolutionMet + bucket.resolutionMissed),
    reopen_rate: percent(bucket.reopened.size, bucket.resolved),
    fcr_rate: percent(bucket.fcr, bucket.resolved),
  };
}
export type TicketKpiValues = ReturnType<typeof bucketValues>;
