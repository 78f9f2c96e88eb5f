import type { AnswerValue } from '../catalog/index.ts';
import type { TicketFacts } from './facts.ts';
import type { RuleCondition } from './schemas.ts';

const minuteMs = 60_000;

function answerText(value: AnswerValue | undefined): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function answerEquals(value: AnswerValue | undefined, expected: string): boolean {
  if (Array.isArray(value)) return value.some((item) => item.toLowerCase() === expected.toLowerCase());
  return answerText(value).toLowerCase() === expected.toLowerCase();
}

/** The value a field has on this ticket, for is / is_not (an empty string means "none"). */
function scalarOf(facts: TicketFacts, field: string): string | null | undefined {
  const row = facts.row;
  switch (field) {
    case 'kind':
      return row.kind;
    case 'requestType':
      return row.request_type_id ?? '';
    case 'priority':
      return row.priority;
    case 'status':
      return row.status;
    case 'group':
      return row.group_id ?? '';
    case 'assignee':
      return row.assignee_id ?? '';
    case 'organisation':
      return row.organisation_id ?? '';
    case 'channel':
      return row.channel;
    default:
      return undefined;
  }
}

function olderThan(since: Date, minutes: string, now: Date): boolean {
  return now.getTime() - since.getTime() >= Number(minutes) * minuteMs;
}

/**
 * Whether one condition holds. `assignee`/`group`/`organisation` compare with an id, or with "" or
 * "none" for none; time conditions hold once at least that many minutes passed.
 */
export function conditionHolds(facts: TicketFacts, condition: RuleCondition, now: Date): boolean {
  const { field, operator, value } = condition;
  if (field.startsWith('fields.')) {
    const answer = facts.fields.find((entry) => entry.id === field.slice('fields.'.length))?.value;
    if (operator === 'contains') return answerText(answer).toLowerCase().includes(value.toLowerCase());
    const equal = answerEquals(answer, value);
    return operator === 'is' ? equal : !equal;
  }
  switch (field) {
    case 'tag': {
      const has = facts.tags.includes(value.toLowerCase());
      return operator === 'has' ? has : !has;
    }
    case 'text': {
      const needle = value.toLowerCase();
      return facts.row.subject.toLowerCase().includes(needle) || facts.row.description.toLowerCase().includes(needle);
    }
    case 'createdMinutes':
      return olderThan(new Date(facts.row.created_at), value, now);
    case 'updatedMinutes':
      return olderThan(new Date(facts.row.updated_at), value, now);
    case 'statusMinutes':
      return olderThan(facts.statusChangedAt, value, now);
    case 'fromCustomer':
      return facts.fromCustomer === (value === 'true');
  }
  const actual = scalarOf(facts, field);
  const expected = value === 'none' ? '' : value;
  const equal = actual === expected;
  return operator === 'is' ? equal : !equal;
}

/** Whether ALL conditions hold (no conditions: always). */
export function conditionsHold(facts: TicketFacts, conditions: RuleCondition[], now: Date): boolean {
  return conditions.every((condition) => conditionHolds(facts, condition, now));
}
