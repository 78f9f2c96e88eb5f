import { describe, expect, it } from 'vitest';
import { answerForm, formSchema, rawAnswersFromForm } from '../../../src/core/catalog/index.ts';
import type { FormDefinition } from '../../../src/core/catalog/index.ts';
import { PorticoError } from '../../../src/core/errors.ts';
import { caught, field, form } from './fixtures.ts';

/** The per-field messages answerForm refused the answers with. */
function refusal(definition: FormDefinition, raw: Record<string, unknown>): Record<string, string> {
  const error = caught(() => answerForm(definition, raw));
  expect(error).toBeInstanceOf(PorticoError);
  expect((error as PorticoError).code).toBe('invalid_input');
  return (error as PorticoError).details?.['fields'] as Record<string, string>;
}

/** The values answerForm kept, by field id. */
function values(definition: FormDefinition, raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(answerForm(definition, raw).map((answer) => [answer.id, answer.value]));
}

describe('formSchema', () => {
  it('is one zod schema that yields the shown fields by id', () => {
    const schema = formSchema(form(field('name', 'text'), field('count', 'number')));
    expect(schema.parse({ name: 'Ada', count: '3' })).toEqual({ name: 'Ada', count: 3 });
    expect(schema.safeParse({ count: 'three' }).error?.issues).toMatchObject([
      { path: ['count'], message: 'Enter a number.' },
    ]);
  });

  it('refuses answers that are not an object', () => {
    const schema = formSchema(form(field('name', 'text')));
    expect(schema.safeParse(['Ada']).error?.issues[0]?.message).toBe(
      'Send the answers as an object of field ids and values.',
    );
  });

  it('can sit inside a larger schema, whose paths then lead to the field', () => {
    const result = formSchema(form(field('name', 'text', { required: true }))).safeParse({});
    expect(result.error?.issues[0]?.path).toEqual(['name']);
  });
});

describe('answerForm', () => {
  it('returns the answered fields in form order with label, kind, value and display', () => {
    const definition = form(
      field('summary', 'text', { label: 'Summary' }),
      field('count', 'number', { label: 'Count' }),
      field('agree', 'checkbox', { label: 'Agree' }),
    );
    expect(answerForm(definition, { agree: 'on', count: '2', summary: '  Printer jam ' })).toEqual([
      { id: 'summary', kind: 'text', label: 'Summary', value: 'Printer jam', display: 'Printer jam' },
      { id: 'count', kind: 'number', label: 'Count', value: 2, display: '2' },
      { id: 'agree', kind: 'checkbox', label: 'Agree', value: true, display: 'Yes' },
    ]);
  });

  it('returns unanswered optional fields with value null and an empty display; unchecked boxes as No', () => {
    const definition = form(
      field('note', 'textarea'),
      field('when', 'date'),
      field('extras', 'multi_select', { options: ['A'] }),
      field('files', 'file'),
      field('agree', 'checkbox'),
    );
    expect(answerForm(definition, { note: '', when: '   ', extras: [] })).toEqual([
      { id: 'note', kind: 'textarea', label: 'Note', value: null, display: '' },
      { id: 'when', kind: 'date', label: 'When', value: null, display: '' },
      { id: 'extras', kind: 'multi_select', label: 'Extras', value: null, display: '' },
      { id: 'files', kind: 'file', label: 'Files', value: null, display: '' },
      { id: 'agree', kind: 'checkbox', label: 'Agree', value: false, display: 'No' },
    ]);
  });

  it('reports one message per bad field, keyed fields.<id>, and the first as the message', () => {
    const definition = form(
      field('licences', 'number', { required: true, min: 1, max: 10 }),
      field('software', 'select', { required: true, options: ['Figma', 'Slack'] }),
      field('reason', 'textarea', { required: true }),
    );
    const error = caught(() => answerForm(definition, { licences: '11', software: 'Photoshop' }));
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'Enter a number between 1 and 10.',
      details: {
        fields: {
          'fields.licences': 'Enter a number between 1 and 10.',
          'fields.software': 'Choose one of the options.',
          'fields.reason': 'This field is required.',
        },
      },
    });
  });

  it('checks text length in characters and the pattern against the whole answer', () => {
    const definition = form(
      field('code', 'text', { min: 2, max: 4, pattern: '[A-Z]+' }),
      field('note', 'textarea', { max: 5 }),
    );
    expect(values(definition, { code: 'ABC', note: 'ééééé' })).toEqual({ code: 'ABC', note: 'ééééé' });
    expect(refusal(definition, { code: 'A', note: 'toolong' })).toEqual({
      'fields.code': 'Enter between 2 and 4 characters.',
      'fields.note': 'Enter at most 5 characters.',
    });
    expect(refusal(definition, { code: 'ABc' })).toEqual({
      'fields.code': 'Enter the answer in the format described.',
    });
    expect(refusal(definition, { code: 'xABCx' })).toEqual({
      'fields.code': 'Enter between 2 and 4 characters.',
    });
  });

  it('caps text without a maximum at 1000 characters and long text at 10,000', () => {
    const definition = form(field('title', 'text'), field('story', 'textarea'));
    expect(refusal(definition, { title: 'x'.repeat(1001), story: 'x'.repeat(10_001) })).toEqual({
      'fields.title': 'Enter at most 1000 characters.',
      'fields.story': 'Enter at most 10000 characters.',
    });
    expect(values(definition, { title: 'x'.repeat(1000) })['title']).toHaveLength(1000);
  });

  it('takes numbers as typed JSON or as text, within bounds and finite', () => {
    const definition = form(field('count', 'number', { min: 1, max: 50 }), field('ratio', 'number'));
    expect(values(definition, { count: 50, ratio: '-2.5e2' })).toEqual({ count: 50, ratio: -250 });
    expect(values(definition, { count: ' 7 ' })).toEqual({ count: 7, ratio: null });
    expect(refusal(definition, { count: 0, ratio: 'ten' })).toEqual({
      'fields.count': 'Enter a number between 1 and 50.',
      'fields.ratio': 'Enter a number.',
    });
    expect(refusal(definition, { count: '0x10', ratio: Infinity })).toEqual({
      'fields.count': 'Enter a number between 1 and 50.',
      'fields.ratio': 'Enter a number.',
    });
    expect(refusal(form(field('n', 'number', { min: 3 }), field('m', 'number', { max: 3 })), { n: 2, m: 4 })).toEqual({
      'fields.n': 'Enter a number of at least 3.',
      'fields.m': 'Enter a number of at most 3.',
    });
  });

  it('checks email addresses and stores them lower-cased', () => {
    const definition = form(field('manager', 'email'));
    expect(values(definition, { manager: ' Ana@Example.org ' })).toEqual({ manager: 'ana@example.org' });
    expect(refusal(definition, { manager: 'ana at example' })).toEqual({
      'fields.manager': 'Enter a valid email address, like name@example.org.',
    });
  });

  it('accepts only real calendar dates as YYYY-MM-DD', () => {
    const definition = form(field('start', 'date'));
    expect(values(definition, { start: '2028-02-29' })).toEqual({ start: '2028-02-29' });
    for (const bad of ['2026-02-29', '2026-13-01', '1/12/2026', '2026-1-5', 20260101]) {
      expect(refusal(definition, { start: bad })).toEqual({
        'fields.start': expect.stringMatching(/^Enter a (real )?date/),
      });
    }
  });

  it('accepts one option of a select field', () => {
    const definition = form(field('size', 'select', { options: ['Small', 'Large'] }));
    expect(answerForm(definition, { size: 'Large' })[0]).toMatchObject({ value: 'Large', display: 'Large' });
    expect(refusal(definition, { size: 'large' })).toEqual({ 'fields.size': 'Choose one of the options.' });
    expect(refusal(definition, { size: ['Small', 'Large'] })).toEqual({ 'fields.size': 'Choose one of the options.' });
  });

  it('accepts a subset of the options of a multi-select field, in option order, from a string or a list', () => {
    const definition = form(field('kit', 'multi_select', { options: ['Laptop', 'Monitor', 'Headset'] }));
    expect(answerForm(definition, { kit: ['Headset', 'Laptop', 'Headset'] })[0]).toMatchObject({
      value: ['Laptop', 'Headset'],
      display: 'Laptop, Headset',
    });
    expect(values(definition, { kit: 'Monitor' })).toEqual({ kit: ['Monitor'] });
    expect(refusal(definition, { kit: ['Laptop', 'Desk'] })).toEqual({ 'fields.kit': 'Choose only from the options.' });
    const required = form(field('kit', 'multi_select', { required: true, options: ['Laptop'] }));
    expect(refusal(required, { kit: [] })).toEqual({ 'fields.kit': 'Choose at least one option.' });
  });

  it('reads checkboxes from browsers and JSON, and a required one must be checked', () => {
    const definition = form(field('vpn', 'checkbox'));
    for (const checked of ['on', 'true', '1', true])
      expect(values(definition, { vpn: checked })).toEqual({ vpn: true });
    for (const unchecked of ['false', '0', false, undefined]) {
      expect(values(definition, { vpn: unchecked })).toEqual({ vpn: false });
    }
    expect(refusal(definition, { vpn: 'maybe' })).toEqual({ 'fields.vpn': 'Answer with checked or not checked.' });
    const required = form(field('terms', 'checkbox', { required: true }));
    expect(refusal(required, {})).toEqual({ 'fields.terms': 'Check this box to continue.' });
    expect(refusal(required, { terms: false })).toEqual({ 'fields.terms': 'Check this box to continue.' });
    expect(values(required, { terms: 'on' })).toEqual({ terms: true });
  });

  it('keeps the file names the edge gives, and a required file field needs one', () => {
    const definition = form(field('shots', 'file', { required: true }));
    expect(answerForm(definition, { shots: ['error.png', 'log.txt'] })[0]).toMatchObject({
      value: ['error.png', 'log.txt'],
      display: 'error.png, log.txt',
    });
    expect(values(definition, { shots: 'one.png' })).toEqual({ shots: ['one.png'] });
    expect(refusal(definition, { shots: [''] })).toEqual({ 'fields.shots': 'Attach at least one file.' });
    expect(refusal(definition, { shots: Array.from({ length: 21 }, (_, i) => `${i}.png`) })).toEqual({
      'fields.shots': 'Attach at most 20 files.',
    });
  });

  it('refuses keys that are not fields of the form, one message per key', () => {
    const definition = form(field('name', 'text'));
    const error = caught(() => answerForm(definition, { name: 'Ada', role: 'admin', priority: 'P1' }));
    expect(error).toMatchObject({
      code: 'invalid_input',
      message: 'This form has no field "role".',
      details: {
        fields: {
          'fields.role': 'This form has no field "role".',
          'fields.priority': 'This form has no field "priority".',
        },
      },
    });
  });

  it('refuses keys named like Object members, and answers fields named like them', () => {
    const definition = form(field('constructor', 'text'), field('value_of', 'text'));
    expect(answerForm(definition, {})).toMatchObject([
      { id: 'constructor', value: null },
      { id: 'value_of', value: null },
    ]);
    expect(values(definition, { constructor: 'x' })).toEqual({ constructor: 'x', value_of: null });
    expect(refusal(definition, JSON.parse('{"__proto__": {"x": 1}, "toString": "y"}'))).toEqual({
      'fields.__proto__': 'This form has no field "__proto__".',
      'fields.toString': 'This form has no field "toString".',
    });
  });

  describe('conditions', () => {
    const software = form(
      field('software', 'select', { required: true, options: ['Figma', 'Other'] }),
      field('other', 'text', { required: true, showWhen: { field: 'software', equals: 'Other' } }),
      field('reason', 'textarea'),
    );

    it('checks and returns a field whose condition holds', () => {
      expect(values(software, { software: 'Other', other: 'Blender' })).toEqual({
        software: 'Other',
        other: 'Blender',
        reason: null,
      });
      expect(refusal(software, { software: 'Other' })).toEqual({ 'fields.other': 'This field is required.' });
    });

    it('ignores a hidden field: not checked, not returned, its answer dropped', () => {
      expect(answerForm(software, { software: 'Figma', other: '' }).map((answer) => answer.id)).toEqual([
        'software',
        'reason',
      ]);
      expect(values(software, { software: 'Figma', other: 'x'.repeat(5000) })).toEqual({
        software: 'Figma',
        reason: null,
      });
    });

    it('hides the dependants of an unanswered or invalid field without a second message', () => {
      expect(refusal(software, { software: 'Nope', other: '' })).toEqual({
        'fields.software': 'Choose one of the options.',
      });
    });

    it('compares checkboxes as true or false, numbers as text, and multi-selects by membership', () => {
      const definition = form(
        field('vpn', 'checkbox'),
        field('vpn_reason', 'text', { showWhen: { field: 'vpn', equals: 'true' } }),
        field('no_vpn', 'text', { showWhen: { field: 'vpn', equals: 'false' } }),
        field('count', 'number'),
        field('why_five', 'text', { showWhen: { field: 'count', equals: '5' } }),
        field('kit', 'multi_select', { options: ['Laptop', 'Phone'] }),
        field('phone_model', 'text', { showWhen: { field: 'kit', equals: 'Phone' } }),
        field('name', 'text'),
        field('ada_note', 'text', { showWhen: { field: 'name', equals: 'Ada' } }),
      );
      const shown = (raw: Record<string, unknown>) => answerForm(definition, raw).map((answer) => answer.id);
      expect(shown({ vpn: 'on', count: '5.0', kit: ['Laptop', 'Phone'], name: 'Ada' })).toEqual([
        'vpn',
        'vpn_reason',
        'count',
        'why_five',
        'kit',
        'phone_model',
        'name',
        'ada_note',
      ]);
      expect(shown({ count: 4, kit: 'Laptop', name: 'ada' })).toEqual(['vpn', 'no_vpn', 'count', 'kit', 'name']);
    });

    it('hides a field whose controlling field is itself hidden', () => {
      const definition = form(
        field('kind', 'select', { options: ['Hardware', 'Software'] }),
        field('device', 'select', { options: ['Laptop', 'Phone'], showWhen: { field: 'kind', equals: 'Hardware' } }),
        field('phone_os', 'text', { required: true, showWhen: { field: 'device', equals: 'Phone' } }),
      );
      expect(values(definition, { kind: 'Software', device: 'Phone' })).toEqual({ kind: 'Software' });
      expect(refusal(definition, { kind: 'Hardware', device: 'Phone' })).toEqual({
        'fields.phone_os': 'This field is required.',
      });
    });
  });
});

describe('rawAnswersFromForm', () => {
  it('takes the fields.<id> controls, lists repeated names and names uploaded files', () => {
    const data = new FormData();
    data.append('subject', 'Not a form field');
    data.append('fields.kit', 'Laptop');
    data.append('fields.kit', 'Monitor');
    data.append('fields.vpn', 'on');
    data.append('fields.shots', new File(['png'], 'error.png', { type: 'image/png' }));
    data.append('fields.empty', new File([], ''));
    expect(rawAnswersFromForm(data)).toEqual({ kit: ['Laptop', 'Monitor'], vpn: 'on', shots: 'error.png' });
  });

  it('feeds answerForm directly', () => {
    const data = new FormData();
    data.append('fields.kit', 'Monitor');
    const definition = form(field('kit', 'multi_select', { options: ['Laptop', 'Monitor'] }), field('vpn', 'checkbox'));
    expect(values(definition, rawAnswersFromForm(data))).toEqual({ kit: ['Monitor'], vpn: false });
  });
});
