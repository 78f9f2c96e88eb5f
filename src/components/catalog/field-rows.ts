import type { FieldKind, FormDefinition, FormDefinitionInput } from '../../core/catalog/index.ts';

/** One row of the admin's field editor, as the strings the browser posts (`row.<index>.<property>`). */
export interface FieldRow {
  id: string;
  kind: string;
  label: string;
  help: string;
  required: boolean;
  /** One option a line. */
  options: string;
  min: string;
  max: string;
  pattern: string;
  showWhenField: string;
  showWhenEquals: string;
  position: string;
  remove: boolean;
}

export const rowProperties = [
  'id',
  'kind',
  'label',
  'help',
  'required',
  'options',
  'min',
  'max',
  'pattern',
  'showWhenField',
  'showWhenEquals',
  'position',
  'remove',
] as const;

/** Empty rows under the existing ones, for adding fields without JavaScript. */
export const emptyRowCount = 2;

export function emptyRow(position: number): FieldRow {
  return {
    id: '',
    kind: 'text',
    label: '',
    help: '',
    required: false,
    options: '',
    min: '',
    max: '',
    pattern: '',
    showWhenField: '',
    showWhenEquals: '',
    position: String(position),
    remove: false,
  };
}

/** The stored form as rows, numbered from 1, plus the empty rows. */
export function rowsOfDefinition(definition: FormDefinition): FieldRow[] {
  const rows = definition.fields.map((field, index): FieldRow => ({
    id: field.id,
    kind: field.kind,
    label: field.label,
    help: field.help,
    required: field.required,
    options: field.options.join('\n'),
    min: field.min === null ? '' : String(field.min),
    max: field.max === null ? '' : String(field.max),
    pattern: field.pattern ?? '',
    showWhenField: field.showWhen?.field ?? '',
    showWhenEquals: field.showWhen?.equals ?? '',
    position: String(index + 1),
    remove: false,
  }));
  for (let extra = 1; extra <= emptyRowCount; extra += 1) rows.push(emptyRow(rows.length + 1));
  return rows;
}

/** The rows as posted, in the order they were shown. */
export function rowsOfForm(form: Record<string, string>): FieldRow[] {
  const indexes = Object.keys(form)
    .map((key) => /^row\.(\d{1,3})\./.exec(key)?.[1])
    .filter((index): index is string => index !== undefined)
    .map(Number);
  const count = indexes.length > 0 ? Math.max(...indexes) + 1 : 0;
  return Array.from({ length: count }, (_, index) => {
    const value = (property: string) => form[`row.${index}.${property}`] ?? '';
    return {
      id: value('id').trim(),
      kind: value('kind'),
      label: value('label'),
      help: value('help'),
      required: value('required') !== '',
      options: value('options'),
      min: value('min').trim(),
      max: value('max').trim(),
      pattern: value('pattern'),
      showWhenField: value('showWhenField'),
      showWhenEquals: value('showWhenEquals'),
      position: value('position').trim(),
      remove: value('remove') !== '',
    };
  });
}

function isBlank(row: FieldRow): boolean {
  return [row.id, row.label, row.help, row.options, row.min, row.max, row.pattern, row.showWhenField].every(
    (value) => value.trim() === '',
  );
}

/** A bound as typed: blank is none; anything that is not a number stays NaN for the schema to refuse. */
function bound(value: string): number | null {
  return value === '' ? null : Number(value);
}

/**
 * The form definition the rows describe, for the core to check: removed and blank rows are left out and
 * the rest ordered by position (rows without a number keep their place after the numbered ones).
 * `rowOf[i]` is the row that became field i, to show the core's messages next to it.
 */
export function definitionOfRows(rows: FieldRow[]): { definition: FormDefinitionInput; rowOf: number[] } {
  const kept = rows
    .map((row, index) => ({ row, index, position: row.position === '' ? NaN : Number(row.position) }))
    .filter(({ row }) => !row.remove && !isBlank(row))
    .sort(
      (a, b) =>
        (Number.isFinite(a.position) ? a.position : Infinity) - (Number.isFinite(b.position) ? b.position : Infinity) ||
        a.index - b.index,
    );
  return {
    definition: {
      fields: kept.map(({ row }) => ({
        id: row.id,
        kind: row.kind as FieldKind,
        label: row.label,
        help: row.help,
        required: row.required,
        options: row.options
          .split(/\r?\n/)
          .map((option) => option.trim())
          .filter(Boolean),
        min: bound(row.min),
        max: bound(row.max),
        pattern: row.pattern.trim() === '' ? null : row.pattern.trim(),
        showWhen: row.showWhenField ? { field: row.showWhenField, equals: row.showWhenEquals } : null,
      })),
    },
    rowOf: kept.map(({ index }) => index),
  };
}

const propertyOfPath: Record<string, string> = {
  'showWhen.field': 'showWhenField',
  'showWhen.equals': 'showWhenEquals',
};

/**
 * The core's messages with `form.fields.<i>.<property>` renamed to the editor's `row.<row>.<property>`;
 * a message about the form as a whole is kept under `form`.
 */
export function messagesForRows(fields: Record<string, string>, rowOf: number[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const match = /^form\.fields\.(\d+)\.(\w+(?:\.(?:field|equals))?)/.exec(key);
    const row = match ? rowOf[Number(match[1])] : undefined;
    const target =
      match && row !== undefined
        ? `row.${row}.${propertyOfPath[match[2]!] ?? match[2]}`
        : key.startsWith('form')
          ? 'form'
          : key;
    messages[target] ??= message;
  }
  return messages;
}
