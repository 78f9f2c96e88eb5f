/** The KPIs the reports compute, their units, and which direction is better (for targets). */
export const kpiIds = [
  'created',
  'resolved',
  'backlog',
  'frt_median',
  'frt_p90',
  'resolution_median',
  'resolution_p90',
  'sla_first_response',
  'sla_resolution',
  'reopen_rate',
  'fcr_rate',
  'deflection_rate',
] as const;
export type KpiId = (typeof kpiIds)[number];

export type KpiUnit = 'count' | 'minutes' | 'percent';

export interface KpiDefinition {
  id: KpiId;
  /** counts of tickets, business minutes, or percent (0–100). */
  unit: KpiUnit;
  /** A target is met when the value is at most ('lower') or at least ('higher') the target. */
  better: 'lower' | 'higher';
  /** An English name, for CSV headers and the digest mail. */
  name: string;
}

export const kpiDefinitions: readonly KpiDefinition[] = [
  { id: 'created', unit: 'count', better: 'lower', name: 'Tickets created' },
  { id: 'resolved', unit: 'count', better: 'higher', name: 'Tickets resolved' },
  { id: 'backlog', unit: 'count', better: 'lower', name: 'Backlog (open at period end)' },
  { id: 'frt_median', unit: 'minutes', better: 'lower', name: 'First response time, median' },
  { id: 'frt_p90', unit: 'minutes', better: 'lower', name: 'First response time, 90th percentile' },
  { id: 'resolution_median', unit: 'minutes', better: 'lower', name: 'Resolution time, median' },
  { id: 'resolution_p90', unit: 'minutes', better: 'lower', name: 'Resolution time, 90th percentile' },
  { id: 'sla_first_response', unit: 'percent', better: 'higher', name: 'SLA compliance, first response' },
  { id: 'sla_resolution', unit: 'percent', better: 'higher', name: 'SLA compliance, resolution' },
  { id: 'reopen_rate', unit: 'percent', better: 'lower', name: 'Reopen rate' },
  { id: 'fcr_rate', unit: 'percent', better: 'higher', name: 'First-contact resolution' },
  { id: 'deflection_rate', unit: 'percent', better: 'higher', name: 'Knowledge base deflection rate' },
];

export const kpiById = new Map(kpiDefinitions.map((kpi) => [kpi.id, kpi]));

export type TargetStatus = 'met' | 'missed' | 'none';

/**
 * Whether a value meets a target: 'none' without a target or without a value.
 * @example
 * targetStatus('frt_median', 45, 60); // 'met'
 */
export function targetStatus(kpi: KpiId, value: number | null, target: number | null): TargetStatus {
  if (value === null || target === null) return 'none';
  const better = kpiById.get(kpi)!.better;
  return (better === 'lower' ? value <= target : value >= target) ? 'met' : 'missed';
}

/** The breakdown dimensions and the fact column each reads. */
export const dimensions = ['group', 'agent', 'request_type', 'priority', 'kind'] as const;
export type Dimension = (typeof dimensions)[number];

export const dimensionColumns = {
  group: 'group_id',
  agent: 'assignee_id',
  request_type: 'request_type_id',
  priority: 'priority',
  kind: 'kind',
} as const satisfies Record<Dimension, string>;

/** English names of the dimensions, for CSV headers. */
export const dimensionNames: Record<Dimension, string> = {
  group: 'Group',
  agent: 'Agent',
  request_type: 'Request type',
  priority: 'Priority',
  kind: 'Kind',
};
