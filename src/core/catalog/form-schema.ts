import { z } from 'zod';
import { PorticoError } from '../errors.ts';
import { answerSchema, conditionMet, displayOf } from './field-answers.ts';
import type { AnswerValue, AnsweredField, FormDefinition, FormField } from './request-type.ts';

/** The values of the fields that are shown, by field id, in form order (what formSchema yields). */
export type FormAnswers = Record<string, AnswerValue>;

/**
 * The prefix of the form controls' names (`fields.<id>`) and of the error keys answerForm reports.
 * @example
 * const control = `${answerNamePrefix}${field.id}`; // 'fields.start_date'
 */
export const answerNamePrefix = 'fields.';

/**
 * One schema for a form's answers. Fields are checked in order, so a condition sees the parsed answer of
 * the earlier field it names; a field whose condition does not hold is hidden: its answer is neither
 * checked nor kept. Keys that are not fields are refused, so callers cannot set what the form lacks.
 * Issue paths are field ids, so it can sit inside a larger schema (`z.object({ fields: formSchema(form) })`).
 * @example
 * formSchema(type.form).parse({ software: 'Other', other_software: 'Blender' });
 * // { software: 'Other', other_software: 'Blender', business_reason: null, … }
 */
export function formSchema(definition: FormDefinition): z.ZodType<FormAnswers> {
  const fields = definition.fields.map((field) => ({ field, schema: answerSchema(field) }));
  const known = new Set(definition.fields.map((field) => field.id));
  // Read as given rather than through z.record, which would drop a "__proto__" key instead of refusing it.
  return z
    .custom<Record<string, unknown>>(
      (raw) => typeof raw === 'object' && raw !== null && !Array.isArray(raw),
      'Send the answers as an object of field ids and values.',
    )
    .transform((raw, ctx) => {
      // Maps and own-property reads: a field may well be called "constructor".
      const answers = new Map<string, AnswerValue>();
      for (const { field, schema } of fields) {
        // A hidden, unanswered or invalid controlling field hides its dependants: no second error for them.
        if (field.showWhen && !conditionMet(field.showWhen, answers.get(field.showWhen.field))) continue;
        const result = schema.safeParse(Object.hasOwn(raw, field.id) ? raw[field.id] : undefined);
        if (result.success) answers.set(field.id, result.data);
        else ctx.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? '', path: [field.id] });
      }
      for (const key of Object.keys(raw)) {
        if (!known.has(key)) ctx.addIssue({ code: 'custom', message: `This form has no field "${key}".`, path: [key] });
      }
      return Object.fromEntries(answers);
    });
}

function answered(field: FormField, value: AnswerValue): AnsweredField {
  return { id: field.id, kind: field.kind, label: field.label, value, display: displayOf(value) };
}

/**
 * Checks raw answers against a form and returns every shown field, in form order, with the label it has
 * now. An optional field left blank is returned with value null and display ""; an unchecked checkbox is
 * false ("No"). Hidden fields are left out. On failure it throws `invalid_input` with one message per field
 * in `details.fields`, keyed `fields.<id>` like the form controls.
 * @example
 * const fields = answerForm(type.form, { impact: 'high', blocked: 'on' });
 * // [{ id: 'impact', kind: 'select', label: 'Impact', value: 'high', display: 'high' }, …]
 */
export function answerForm(definition: FormDefinition, raw: Record<string, unknown>): AnsweredField[] {
  const result = formSchema(definition).safeParse(raw);
  if (!result.success) {
    const fields: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.length > 0 ? `${answerNamePrefix}${issue.path.join('.')}` : 'fields';
      fields[key] ??= issue.message;
    }
    const firstMessage = Object.values(fields)[0] ?? 'Check the answers.';
    throw new PorticoError('invalid_input', firstMessage, { details: { fields } });
  }
  const answers = new Map(Object.entries(result.data));
  return definition.fields.flatMap((field) => {
    const value = answers.get(field.id);
    return value === undefined ? [] : [answered(field, value)];
  });
}

/**
 * The raw answers in a posted form: every `fields.<id>` control, repeated names (multi_select, several
 * files) as lists, and uploaded files by name (an empty file input sends a nameless file: skipped).
 * @example
 * const fields = answerForm(type.form, rawAnswersFromForm(await request.formData()));
 */
export function rawAnswersFromForm(data: FormData): Record<string, unknown> {
  const raw = new Map<string, string | string[]>();
  for (const [name, entry] of data) {
    if (!name.startsWith(answerNamePrefix)) continue;
    const id = name.slice(answerNamePrefix.length);
    const value = typeof entry === 'string' ? entry : entry.name;
    if (typeof entry !== 'string' && !value) continue;
    const previous = raw.get(id);
    raw.set(id, previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]);
  }
  return Object.fromEntries(raw);
}
