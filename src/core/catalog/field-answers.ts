import { z } from 'zod';
import { emailSchema } from '../users/index.ts';
import { compilePattern, textLengthCap } from './form-definition.ts';
import type { AnswerValue, FieldCondition, FormField } from './request-type.ts';

/**
 * The most files one file field takes: enough for a handful of screenshots. What the files may be is
 * checked where they are stored.
 * @example
 * if (uploads.length > maxFilesPerField) refuse();
 */
export const maxFilesPerField = 20;

const characterCount = (value: string) => [...value].length;
const numberText = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const checkedWords = new Set(['on', 'true', '1', 'yes']);
const uncheckedWords = new Set(['off', 'false', '0', 'no']);

function lengthMessage(min: number | null, max: number): string {
  return min !== null && min > 0 ? `Enter between ${min} and ${max} characters.` : `Enter at most ${max} characters.`;
}

function numberMessage(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `Enter a number between ${min} and ${max}.`;
  if (min !== null) return `Enter a number of at least ${min}.`;
  if (max !== null) return `Enter a number of at most ${max}.`;
  return 'Enter a number.';
}

function textSchema(field: FormField): z.ZodType<string> {
  const max = Math.min(field.max ?? Infinity, textLengthCap[field.kind] ?? Infinity);
  const message = lengthMessage(field.min, max);
  const pattern = field.pattern === null ? undefined : compilePattern(field.pattern);
  return z
    .string('Enter text.')
    .refine((value) => characterCount(value) >= (field.min ?? 0) && characterCount(value) <= max, message)
    .refine((value) => !pattern || pattern.test(value), 'Enter the answer in the format described.');
}

function numberSchema(field: FormField): z.ZodType<number> {
  const message = numberMessage(field.min, field.max);
  return z
    .union([z.number(), z.string().regex(numberText).transform(Number)], { error: message })
    .refine((value) => Number.isFinite(value), message)
    .refine(
      (value) => (field.min === null || value >= field.min) && (field.max === null || value <= field.max),
      message,
    );
}

/** YYYY-MM-DD naming a day that exists (no 2026-02-30). */
function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const listOfStrings = z.union([z.string().transform((value) => [value]), z.array(z.string())]);

/** The schema of a field's answer once it is known to be given (not blank). */
function givenValueSchema(field: FormField): z.ZodType<AnswerValue> {
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return textSchema(field);
    case 'number':
      return numberSchema(field);
    case 'email':
      return z.string('Enter a valid email address, like name@example.org.').pipe(emailSchema);
    case 'date':
      return z
        .string('Enter a date like 2026-12-01.')
        .refine(isCalendarDate, 'Enter a real date as year-month-day, like 2026-12-01.');
    case 'select':
      return z
        .string('Choose one of the options.')
        .refine((value) => field.options.includes(value), 'Choose one of the options.');
    case 'multi_select':
      return (
        listOfStrings
          .refine((values) => values.every((value) => field.options.includes(value)), 'Choose only from the options.')
          // Option order, once each: the same choices always read the same.
          .transform((values) => field.options.filter((option) => values.includes(option)))
      );
    case 'checkbox':
      return z.union(
        [
          z.boolean(),
          z
            .string()
            .refine((value) => checkedWords.has(value.toLowerCase()) || uncheckedWords.has(value.toLowerCase()))
            .transform((value) => checkedWords.has(value.toLowerCase())),
        ],
        { error: 'Answer with checked or not checked.' },
      );
    case 'file':
      return listOfStrings
        .refine((names) => names.length <= maxFilesPerField, `Attach at most ${maxFilesPerField} files.`)
        .refine(
          (names) => names.every((name) => characterCount(name) <= 255),
          'A file name has at most 255 characters.',
        );
  }
}

/** Empty strings, blank text and empty lists are no answer; text is trimmed. */
function withoutBlanks(raw: unknown): unknown {
  if (typeof raw === 'string') return raw.trim() === '' ? undefined : raw.trim();
  if (Array.isArray(raw)) {
    const given = raw.filter((item) => !(typeof item === 'string' && item.trim() === ''));
    return given.length === 0 ? undefined : given.map((item) => (typeof item === 'string' ? item.trim() : item));
  }
  return raw ?? undefined;
}

function requiredMessage(field: FormField): string {
  switch (field.kind) {
    case 'select':
      return 'Choose one of the options.';
    case 'multi_select':
      return 'Choose at least one option.';
    case 'checkbox':
      return 'Check this box to continue.';
    case 'file':
      return 'Attach at least one file.';
    default:
      return 'This field is required.';
  }
}

/**
 * The schema of one field's raw answer (from a browser form or JSON) to its value: null when an optional
 * field is left blank, and false for an unchecked checkbox (a browser sends nothing for one).
 */
export function answerSchema(field: FormField): z.ZodType<AnswerValue> {
  const given = givenValueSchema(field);
  return z.unknown().transform((raw, ctx): AnswerValue => {
    const value = withoutBlanks(raw);
    if (value === undefined) {
      if (field.required) ctx.addIssue({ code: 'custom', message: requiredMessage(field) });
      return field.kind === 'checkbox' ? false : null;
    }
    const result = given.safeParse(value);
    if (!result.success) {
      ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? 'Check this answer.' });
      return null;
    }
    if (field.required && result.data === false) ctx.addIssue({ code: 'custom', message: requiredMessage(field) });
    return result.data;
  });
}

/**
 * Whether a condition holds for the answer its field got; an unanswered field meets none. Checkboxes
 * compare as 'true'/'false', numbers as String(number), multi-selects by membership.
 * @example
 * conditionMet({ field: 'software', equals: 'Other' }, 'Other'); // true
 * conditionMet({ field: 'kit', equals: 'Phone' }, ['Laptop', 'Phone']); // true
 */
export function conditionMet(condition: FieldCondition, value: AnswerValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.includes(condition.equals);
  return String(value) === condition.equals;
}

/** The answer as people read it. */
export function displayOf(value: AnswerValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
