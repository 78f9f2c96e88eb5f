/** Assignments as records: their status (overdue is derived from the due day), labels and refresher dates. */
import type { Selectable } from 'portico/plugin-api';
import { addMonths, dayOf } from './dates.ts';
import type { AssignmentTable } from './tables.ts';

export type AssignmentStatus = 'not_started' | 'in_progress' | 'completed' | 'overdue';

export const statusLabels: Record<AssignmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
};

export interface Assignment {
  id: string;
  moduleId: string;
  userId: string;
  groupId: string | null;
  assignedBy: string | null;
  dueOn: string;
  refresherMonths: number | null;
  /** The completed assignment this one refreshes (null for a first assignment). */
  previousId: string | null;
  nextId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  score: number | null;
  moduleVersion: number | null;
  createdAt: string;
  status: AssignmentStatus;
  isRefresher: boolean;
}

export function toAssignment(row: Selectable<AssignmentTable>, today: string): Assignment {
  return {
    id: row.id,
    moduleId: row.module_id,
    userId: row.user_id,
    groupId: row.group_id,
    assignedBy: row.assigned_by,
    dueOn: row.due_on,
    refresherMonths: row.refresher_months === null ? null : Number(row.refresher_months),
    previousId: row.previous_id,
    nextId: row.next_id,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    score: row.score === null ? null : Number(row.score),
    moduleVersion: row.module_version === null ? null : Number(row.module_version),
    createdAt: row.created_at,
    status: statusOf(row, today),
    isRefresher: row.previous_id !== null,
  };
}

/** Completed; else overdue once the due day has passed; else in progress once started. */
export function statusOf(
  row: Pick<AssignmentTable, 'completed_at' | 'due_on' | 'started_at'>,
  today: string,
): AssignmentStatus {
  if (row.completed_at) return 'completed';
  if (today > row.due_on) return 'overdue';
  return row.started_at ? 'in_progress' : 'not_started';
}

/** When a completed assignment's refresher is due, or null when it has no refresher interval. */
export function refresherDueOn(assignment: Pick<Assignment, 'completedAt' | 'refresherMonths'>): string | null {
  if (!assignment.completedAt || !assignment.refresherMonths) return null;
  return addMonths(dayOf(assignment.completedAt), assignment.refresherMonths);
}
