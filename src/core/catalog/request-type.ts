import type { Priority, TicketKind } from './catalog.table.ts';

/**
 * Every kind of form field, in the order the admin's field editor offers them.
 * @example
 * fieldKinds.includes(field.kind); // true
 */
export const fieldKinds = [
  'text',
  'textarea',
  'number',
  'email',
  'date',
  'select',
  'multi_select',
  'checkbox',
  'file',
] as const;
export type FieldKind = (typeof fieldKinds)[number];

/** Show a field only when another field has a value ("show B when A is X"). */
export interface FieldCondition {
  field: string;
  equals: string;
}

export interface FormField {
  /** Stable key of the answer: lowercase letters, digits and underscores. */
  id: string;
  kind: FieldKind;
  label: string;
  help: string;
  required: boolean;
  /** Choices of select and multi_select fields. */
  options: string[];
  /** number: the value's bounds; text/textarea: the length's bounds; date: not used. */
  min: number | null;
  max: number | null;
  /** text only: a regular expression the whole answer must match. */
  pattern: string | null;
  showWhen: FieldCondition | null;
}

export interface FormDefinition {
  fields: FormField[];
}

export interface RequestType {
  id: string;
  slug: string;
  name: string;
  description: string;
  icon: string;
  category: string;
  kind: TicketKind;
  defaultGroupId: string | null;
  defaultPriority: Priority;
  active: boolean;
  position: number;
  form: FormDefinition;
  formVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export type AnswerValue = string | number | boolean | string[] | null;

/** One answered field as a ticket keeps it: with the label it had, so later form edits change nothing. */
export interface AnsweredField {
  id: string;
  kind: FieldKind;
  label: string;
  value: AnswerValue;
  /** The answer as people read it ("Yes", "Laptop, Monitor", "2026-12-01"). */
  display: string;
}

/**
 * A form field with every property at its default, so a definition written in code reads as what differs.
 * @example
 * formField('urgency', 'select', 'Urgency', { required: true, options: ['low', 'medium', 'high'] });
 */
export function formField(id: string, kind: FieldKind, label: string, more: Partial<FormField> = {}): FormField {
  return {
    id,
    kind,
    label,
    help: '',
    required: false,
    options: [],
    min: null,
    max: null,
    pattern: null,
    showWhen: null,
    ...more,
  };
}
