import { describe, expect, it } from 'vitest';
import { formDefinitionSchema } from '../../../src/core/catalog/index.ts';
import type { FormDefinitionInput } from '../../../src/core/catalog/index.ts';
import { field, form } from './fixtures.ts';

/** The messages by path of a definition the schema refuses. */
function problems(definition: unknown): Record<string, string> {
  const result = formDefinitionSchema.safeParse(definition);
  if (result.success) throw new Error('expected the definition to be refused');
  const messages: Record<string, string> = {};
  for (const issue of result.error.issues) messages[issue.path.join('.')] ??= issue.message;
  return messages;
}

describe('formDefinitionSchema', () => {
  it('accepts a form of every kind and fills in the defaults of what is left out', () => {
    const input: FormDefinitionInput = {
      fields: [
        { id: 'summary', kind: 'text', label: '  Summary ', min: 3, max: 80, pattern: '[A-Z].*' },
        { id: 'details', kind: 'textarea', label: 'Details' },
        { id: 'count', kind: 'number', label: 'Count', min: -5, max: 5.5 },
        { id: 'contact', kind: 'email', label: 'Contact' },
        { id: 'when', kind: 'date', label: 'When' },
        { id: 'colour', kind: 'select', label: 'Colour', options: ['Red', 'Blue'], required: true },
        { id: 'extras', kind: 'multi_select', label: 'Extras', options: ['A', 'B'] },
        { id: 'agree', kind: 'checkbox', label: 'Agree' },
        { id: 'files', kind: 'file', label: 'Files', showWhen: { field: 'agree', equals: 'true' } },
      ],
    };
    const definition = formDefinitionSchema.parse(input);
    expect(definition.fields).toHaveLength(9);
    expect(definition.fields[0]).toEqual(
      field('summary', 'text', { label: 'Summary', min: 3, max: 80, pattern: '[A-Z].*' }),
    );
    expect(definition.fields[1]).toEqual(field('details', 'textarea'));
    expect(definition.fields[8]?.showWhen).toEqual({ field: 'agree', equals: 'true' });
  });

  it('accepts an empty form', () => {
    expect(formDefinitionSchema.parse({ fields: [] })).toEqual({ fields: [] });
  });

  it('refuses ids that are not lower-case words, and ids used twice', () => {
    expect(
      problems(form(field('Name', 'text'), field('1st', 'text'), field('a'.repeat(41), 'text'), field('ok', 'text'))),
    ).toMatchObject({
      'fields.0.id':
        'Start with a lower-case letter; then use lower-case letters, digits and underscores (at most 40).',
      'fields.1.id':
        'Start with a lower-case letter; then use lower-case letters, digits and underscores (at most 40).',
      'fields.2.id':
        'Start with a lower-case letter; then use lower-case letters, digits and underscores (at most 40).',
    });
    expect(problems(form(field('name', 'text'), field('name', 'email')))).toEqual({
      'fields.1.id': 'Another field already has the id "name".',
    });
  });

  it('refuses an empty or overlong label and overlong help', () => {
    expect(
      problems(
        form(
          field('a', 'text', { label: '  ' }),
          field('b', 'text', { label: 'x'.repeat(121) }),
          field('c', 'text', { help: 'x'.repeat(501) }),
        ),
      ),
    ).toEqual({
      'fields.0.label': 'Enter a label.',
      'fields.1.label': 'Use at most 120 characters.',
      'fields.2.help': 'Use at most 500 characters.',
    });
  });

  it('requires one to fifty distinct options on choice fields and none elsewhere', () => {
    const many = Array.from({ length: 51 }, (_, index) => `Option ${index}`);
    expect(
      problems(
        form(
          field('a', 'select'),
          field('b', 'multi_select', { options: many }),
          field('c', 'select', { options: ['Yes', 'Yes'] }),
          field('d', 'select', { options: ['Fine', ' '] }),
          field('e', 'select', { options: ['x'.repeat(121)] }),
          field('f', 'text', { options: ['Stray'] }),
        ),
      ),
    ).toEqual({
      'fields.0.options': 'Add at least one option.',
      'fields.1.options': 'Use at most 50 options.',
      'fields.2.options': 'Each option may appear only once.',
      'fields.3.options.1': 'An option cannot be empty.',
      'fields.4.options.0': 'An option has at most 120 characters.',
      'fields.5.options': 'Only choice fields have options.',
    });
  });

  it('refuses a minimum above the maximum and bounds on fields that have none', () => {
    expect(
      problems(
        form(
          field('a', 'number', { min: 10, max: 1 }),
          field('b', 'date', { min: 1 }),
          field('c', 'checkbox', { max: 1 }),
          field('d', 'text', { min: 2.5 }),
          field('e', 'textarea', { max: 20_000 }),
        ),
      ),
    ).toEqual({
      'fields.0.max': 'The maximum cannot be less than the minimum.',
      'fields.1.min': 'Only number and text fields have a minimum.',
      'fields.2.max': 'Only number and text fields have a maximum.',
      'fields.3.min': 'Enter a whole number of characters from 0 to 1000.',
      'fields.4.max': 'Enter a whole number of characters from 0 to 10000.',
    });
  });

  it('refuses a pattern that does not compile, is too long, or sits on another kind than text', () => {
    expect(
      problems(
        form(
          field('a', 'text', { pattern: '([a-z]' }),
          field('b', 'text', { pattern: 'a'.repeat(201) }),
          field('c', 'textarea', { pattern: '.*' }),
        ),
      ),
    ).toEqual({
      'fields.0.pattern': 'This is not a valid regular expression.',
      'fields.1.pattern': 'Use at most 200 characters.',
      'fields.2.pattern': 'Only short text fields have a pattern.',
    });
  });

  it('lets a condition name only an earlier field of a kind it can compare', () => {
    expect(
      problems(
        form(
          field('when', 'date'),
          field('a', 'text', { showWhen: { field: 'later', equals: 'x' } }),
          field('later', 'select', { options: ['x'] }),
          field('b', 'text', { showWhen: { field: 'when', equals: '2026-01-01' } }),
          field('c', 'text', { showWhen: { field: 'c', equals: 'x' } }),
          field('d', 'text', { showWhen: { field: 'nothing', equals: 'x' } }),
        ),
      ),
    ).toEqual({
      'fields.1.showWhen.field': 'Choose a field that comes before this one.',
      'fields.3.showWhen.field': 'A condition can only depend on a choice, checkbox, text or number field.',
      'fields.4.showWhen.field': 'Choose a field that comes before this one.',
      'fields.5.showWhen.field': 'Choose a field that comes before this one.',
    });
  });

  it('checks the value a condition compares with against the field it names', () => {
    expect(
      problems(
        form(
          field('software', 'select', { label: 'Software', options: ['Figma', 'Other'] }),
          field('extras', 'multi_select', { label: 'Extras', options: ['Mouse'] }),
          field('agree', 'checkbox'),
          field('count', 'number'),
          field('a', 'text', { showWhen: { field: 'software', equals: 'other' } }),
          field('b', 'text', { showWhen: { field: 'extras', equals: 'Keyboard' } }),
          field('c', 'text', { showWhen: { field: 'agree', equals: 'yes' } }),
          field('d', 'text', { showWhen: { field: 'count', equals: '05' } }),
          field('e', 'text', { showWhen: { field: 'count', equals: '' } }),
        ),
      ),
    ).toEqual({
      'fields.4.showWhen.equals': 'Choose one of the options of "Software".',
      'fields.5.showWhen.equals': 'Choose one of the options of "Extras".',
      'fields.6.showWhen.equals': 'Enter true (checked) or false (not checked).',
      'fields.7.showWhen.equals': 'Enter a number, like 5.',
      'fields.8.showWhen.equals': 'Enter the value that shows this field.',
    });
  });

  it('accepts at most forty fields', () => {
    const fields = Array.from({ length: 41 }, (_, index) => field(`f${index}`, 'text'));
    expect(problems(form(...fields))).toEqual({ fields: 'A form has at most 40 fields.' });
    expect(formDefinitionSchema.safeParse(form(...fields.slice(0, 40))).success).toBe(true);
  });

  it('refuses unknown kinds and properties', () => {
    expect(problems({ fields: [{ id: 'a', kind: 'colour', label: 'A' }] })).toEqual({
      'fields.0.kind': 'Choose a field type.',
    });
    expect(Object.keys(problems({ fields: [{ id: 'a', kind: 'text', label: 'A', secret: 1 }] }))).toEqual(['fields.0']);
  });
});
