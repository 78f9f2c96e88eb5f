import type { ApprovalStep, Approver } from '../../../core/approvals/index.ts';

/** Rows shown beyond the existing ones, so a step or approver can be added without JavaScript. */
export const blankRows = 3;

export interface StepRow {
  step: string;
  name: string;
  rule: string;
  approver: string;
}

/** "user:<id>", "group_lead:<id>" or "org_manager": one select carries the approver's kind and value. */
export function approverKey(approver: Approver): string {
  return approver.kind === 'org_manager' ? 'org_manager' : `${approver.kind}:${approver.value ?? ''}`;
}

function approverFromKey(key: string): Approver | null {
  if (key === 'org_manager') return { kind: 'org_manager', value: null };
  const [kind, value] = key.split(':');
  if ((kind === 'user' || kind === 'group_lead') && value) return { kind, value };
  return null;
}

/** A request type's steps as form rows: one row per approver, then blank rows. */
export function rowsOfSteps(steps: ApprovalStep[]): StepRow[] {
  const rows = steps.flatMap((step, index) =>
    step.approvers.map((approver) => ({
      step: String(index + 1),
      name: step.name,
      rule: step.rule,
      approver: approverKey(approver),
    })),
  );
  const next = String(steps.length + 1);
  for (let i = 0; i < blankRows; i += 1) rows.push({ step: next, name: '', rule: 'any', approver: '' });
  return rows;
}

/** Reads the rows back (fields `rows.<i>.step|name|rule|approver`); rows without an approver are ignored. */
export function rowsFromForm(form: Record<string, string>): StepRow[] {
  const rows: StepRow[] = [];
  for (let i = 0; i < 200 && form[`rows.${i}.step`] !== undefined; i += 1) {
    rows.push({
      step: form[`rows.${i}.step`] ?? '',
      name: form[`rows.${i}.name`] ?? '',
      rule: form[`rows.${i}.rule`] ?? 'any',
      approver: form[`rows.${i}.approver`] ?? '',
    });
  }
  return rows;
}

/** Groups rows by step number into ordered steps; a step's name and rule come from its first row that has them. */
export function stepsFromRows(rows: StepRow[]): unknown[] {
  const byStep = new Map<number, { name: string; rule: string; approvers: Approver[] }>();
  for (const row of rows) {
    const approver = approverFromKey(row.approver);
    if (!approver) continue;
    const number = Number.parseInt(row.step, 10) || 1;
    const step = byStep.get(number) ?? { name: '', rule: '', approvers: [] };
    step.name ||= row.name.trim();
    step.rule ||= row.rule;
    step.approvers.push(approver);
    byStep.set(number, step);
  }
  return [...byStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, step]) => ({ name: step.name, rule: step.rule || 'any', approvers: step.approvers }));
}
