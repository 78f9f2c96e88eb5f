import type { Rule, RuleInput } from '../../../core/automation/index.ts';

/** One condition row as the browser posts it (`condition.<index>.<property>`). */
export interface ConditionRow {
  field: string;
  operator: string;
  /** The value picked from the list; `text`, when given, wins. */
  choice: string;
  text: string;
}

/** One action row as the browser posts it (`action.<index>.<property>`). */
export interface ActionRow {
  type: string;
  choice: string;
  value: string;
  subject: string;
  text: string;
}

export interface RuleFormValues {
  name: string;
  active: boolean;
  stop: boolean;
  trigger: string;
  events: string[];
  onSystemEvents: boolean;
  conditions: ConditionRow[];
  actions: ActionRow[];
}

/** Empty rows under the filled ones, for adding conditions and actions without JavaScript. */
const emptyRows = 2;
const emptyCondition = (): ConditionRow => ({ field: '', operator: 'is', choice: '', text: '' });
const emptyAction = (): ActionRow => ({ type: '', choice: '', value: '', subject: '', text: '' });

function withEmptyRows(values: RuleFormValues): RuleFormValues {
  const conditions = values.conditions.filter((row) => row.field !== '');
  const actions = values.actions.filter((row) => row.type !== '');
  return {
    ...values,
    conditions: [...conditions, ...Array.from({ length: emptyRows }, emptyCondition)],
    actions: [...actions, ...Array.from({ length: emptyRows }, emptyAction)],
  };
}

export function blankRuleValues(): RuleFormValues {
  return withEmptyRows({
    name: '',
    active: true,
    stop: false,
    trigger: 'event',
    events: ['ticket.created'],
    onSystemEvents: false,
    conditions: [],
    actions: [],
  });
}

/** A saved rule as form values (values with a list entry are shown as picked, the rest as typed). */
export function ruleValues(rule: Rule, choices: Set<string>): RuleFormValues {
  return withEmptyRows({
    name: rule.name,
    active: rule.active,
    stop: rule.stop,
    trigger: rule.trigger,
    events: rule.events,
    onSystemEvents: rule.onSystemEvents,
    conditions: rule.conditions.map((condition) => ({
      field: condition.field,
      operator: condition.operator,
      choice: choices.has(condition.value) ? condition.value : '',
      text: choices.has(condition.value) ? '' : condition.value,
    })),
    actions: rule.actions.map((action) => ({
      type: action.type,
      choice: choices.has(action.value) ? action.value : '',
      value: choices.has(action.value) ? '' : action.value,
      subject: action.subject,
      text: action.text,
    })),
  });
}

function rowsFrom<Row>(form: Record<string, string>, prefix: string, keys: (keyof Row & string)[]): Row[] {
  const rows: Row[] = [];
  for (let index = 0; index < 50; index++) {
    if (!keys.some((key) => `${prefix}.${index}.${key}` in form)) break;
    rows.push(Object.fromEntries(keys.map((key) => [key, form[`${prefix}.${index}.${key}`] ?? ''])) as Row);
  }
  return rows;
}

/** The posted form as values (checkboxes named `event:<type>`). */
export function valuesFromForm(form: Record<string, string>): RuleFormValues {
  return withEmptyRows({
    name: form['name'] ?? '',
    active: form['active'] === 'on',
    stop: form['stop'] === 'on',
    trigger: form['trigger'] ?? '',
    events: Object.keys(form)
      .filter((key) => key.startsWith('event:'))
      .map((key) => key.slice('event:'.length)),
    onSystemEvents: form['onSystemEvents'] === 'on',
    conditions: rowsFrom<ConditionRow>(form, 'condition', ['field', 'operator', 'choice', 'text']),
    actions: rowsFrom<ActionRow>(form, 'action', ['type', 'choice', 'value', 'subject', 'text']),
  });
}

/** The rule input the values describe, and where each input row came from (to put messages by their row). */
export function inputFromValues(values: RuleFormValues): {
  input: RuleInput;
  conditionRows: number[];
  actionRows: number[];
} {
  const conditionRows = values.conditions.flatMap((row, index) => (row.field ? [index] : []));
  const actionRows = values.actions.flatMap((row, index) => (row.type ? [index] : []));
  const input = {
    name: values.name,
    active: values.active,
    stop: values.stop,
    trigger: values.trigger,
    events: values.events,
    onSystemEvents: values.onSystemEvents,
    conditions: conditionRows.map((index) => {
      const row = values.conditions[index]!;
      return { field: row.field, operator: row.operator, value: row.text.trim() || row.choice };
    }),
    actions: actionRows.map((index) => {
      const row = values.actions[index]!;
      return { type: row.type, value: row.value.trim() || row.choice, subject: row.subject, text: row.text };
    }),
  } as RuleInput;
  return { input, conditionRows, actionRows };
}

/** Renames the core's messages (`conditions.<n>.value`) to the controls they are about (`condition.<row>.text`). */
export function errorsForRows(
  fields: Record<string, string>,
  conditionRows: number[],
  actionRows: number[],
): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const match = /^(conditions|actions)\.(\d+)(?:\.(\w+))?$/.exec(key);
    if (!match) {
      renamed[key] = message;
      continue;
    }
    const isCondition = match[1] === 'conditions';
    const row = (isCondition ? conditionRows : actionRows)[Number(match[2])] ?? 0;
    const property = match[3] ?? (isCondition ? 'field' : 'type');
    const control = isCondition && property === 'value' ? 'text' : property;
    renamed[`${isCondition ? 'condition' : 'action'}.${row}.${control}`] = message;
  }
  return renamed;
}
