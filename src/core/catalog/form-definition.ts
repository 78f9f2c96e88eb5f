import { z } from 'zod';
import { fieldKinds } from './request-type.ts';
import type { FieldKind, FormDefinition } from './request-type.ts';

/**
 * The most fields a form may have, and the most options a choice field may offer.
 * @example
 * if (definition.fields.length >= maxFormFields) hideAddButton();
 */
export const maxFormFields = 40;
/** @example options.slice(0, maxFieldOptions) */
export const maxFieldOptions = 50;
/** Answers to text fields are capped even when the admin sets no maximum, so a form cannot take a novel. */
export const textLengthCap: Partial<Record<FieldKind, number>> = { text: 1000, textarea: 10_000 };

const choiceKinds: readonly FieldKind[] = ['select', 'multi_select'];
const boundedKinds: readonly FieldKind[] = ['text', 'textarea', 'number'];
/** Kinds whose answer a condition can compare with a single string. */
const conditionKinds: readonly FieldKind[] = ['select', 'checkbox', 'text', 'number', 'multi_select'];

/**
 * The pattern as answers are matched against it: anchored, so it must match the whole answer.
 * Undefined when it does not compile.
 */
export function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

const optionSchema = z
  .string()
  .trim()
  .min(1, 'An option cannot be empty.')
  .max(120, 'An option has at most 120 characters.');

const boundSchema = z.number('Enter a number.').nullable().default(null);

const fieldSchema = z
  .strictObject({
    id: z
      .string('Enter an id.')
      .trim()
      .regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        'Start with a lower-case letter; then use lower-case letters, digits and underscores (at most 40).',
      ),
    kind: z.enum(fieldKinds, 'Choose a field type.'),
    label: z.string('Enter a label.').trim().min(1, 'Enter a label.').max(120, 'Use at most 120 characters.'),
    help: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
    required: z.boolean().default(false),
    options: z.array(optionSchema).default([]),
    min: boundSchema,
    max: boundSchema,
    pattern: z.string().max(200, 'Use at most 200 characters.').nullable().default(null),
    showWhen: z
      .strictObject({
        field: z.string().trim().min(1, 'Choose the field this one depends on.'),
        equals: z
          .string()
          .trim()
          .min(1, 'Enter the value that shows this field.')
          .max(120, 'Use at most 120 characters.'),
      })
      .nullable()
      .default(null),
  })
  .superRefine((field, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (choiceKinds.includes(field.kind)) {
      if (field.options.length === 0) problem('options', 'Add at least one option.');
      if (field.options.length > maxFieldOptions) problem('options', `Use at most ${maxFieldOptions} options.`);
      if (new Set(field.options).size !== field.options.length) problem('options', 'Each option may appear only once.');
    } else if (field.options.length > 0) {
      problem('options', 'Only choice fields have options.');
    }
    if (!boundedKinds.includes(field.kind)) {
      if (field.min !== null) problem('min', 'Only number and text fields have a minimum.');
      if (field.max !== null) problem('max', 'Only number and text fields have a maximum.');
    } else if (field.kind !== 'number') {
      // For text the bounds count characters.
      const cap = textLengthCap[field.kind] ?? 0;
      for (const bound of ['min', 'max'] as const) {
        const value = field[bound];
        if (value !== null && (!Number.isInteger(value) || value < 0 || value > cap)) {
          problem(bound, `Enter a whole number of characters from 0 to ${cap}.`);
        }
      }
    }
    if (field.min !== null && field.max !== null && field.min > field.max) {
      problem('max', 'The maximum cannot be less than the minimum.');
    }
    if (field.pattern !== null) {
      if (field.kind !== 'text') problem('pattern', 'Only short text fields have a pattern.');
      else if (!compilePattern(field.pattern)) problem('pattern', 'This is not a valid regular expression.');
    }
  });

const definitionSchema = z
  .strictObject({
    fields: z.array(fieldSchema).max(maxFormFields, `A form has at most ${maxFormFields} fields.`),
  })
  .superRefine((definition, ctx) => {
    const earlier = new Map<string, FormDefinition['fields'][number]>();
    definition.fields.forEach((field, index) => {
      const problem = (path: string[], message: string) =>
        ctx.addIssue({ code: 'custom', message, path: ['fields', index, ...path] });
      if (earlier.has(field.id)) problem(['id'], `Another field already has the id "${field.id}".`);
      const condition = field.showWhen;
      if (condition) {
        const source = earlier.get(condition.field);
        if (!source) {
          problem(['showWhen', 'field'], 'Choose a field that comes before this one.');
        } else if (!conditionKinds.includes(source.kind)) {
          problem(['showWhen', 'field'], 'A condition can only depend on a choice, checkbox, text or number field.');
        } else {
          const message = conditionValueProblem(source, condition.equals);
          if (message) problem(['showWhen', 'equals'], message);
        }
      }
      if (!earlier.has(field.id)) earlier.set(field.id, field);
    });
  });

function conditionValueProblem(source: FormDefinition['fields'][number], equals: string): string | undefined {
  switch (source.kind) {
    case 'select':
    case 'multi_select':
      return source.options.includes(equals) ? undefined : `Choose one of the options of "${source.label}".`;
    case 'checkbox':
      return equals === 'true' || equals === 'false' ? undefined : 'Enter true (checked) or false (not checked).';
    case 'number':
      return Number.isFinite(Number(equals)) && String(Number(equals)) === equals
        ? undefined
        : 'Enter a number, like 5.';
    default:
      return undefined;
  }
}

/** A form definition as admins and the API may write it: omitted field properties take their defaults. */
export type FormDefinitionInput = z.input<typeof definitionSchema>;

/**
 * What an admin may save as a request type's form. Rules across fields: ids are unique, and a condition
 * names an earlier field (so answers are checked in one pass, and cycles cannot exist). Typed with the
 * domain's FormDefinition, so the schema cannot drift from the shape tickets and pages rely on.
 * @example
 * const definition = formDefinitionSchema.parse({
 *   fields: [{ id: 'software', kind: 'select', label: 'Software', options: ['Figma', 'Other'] }],
 * }); // help '', required false, min/max/pattern/showWhen null filled in
 */
export const formDefinitionSchema: z.ZodType<FormDefinition, FormDefinitionInput> = definitionSchema;
