import type { FieldKind, FormDefinition, FormField } from '../../../src/core/catalog/index.ts';

/** A form field with every property at its default, overridden by `more`. */
export function field(id: string, kind: FieldKind, more: Partial<FormField> = {}): FormField {
  return {
    id,
    kind,
    label: id.charAt(0).toUpperCase() + id.slice(1).replaceAll('_', ' '),
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

export function form(...fields: FormField[]): FormDefinition {
  return { fields };
}

/** The error a rejected promise or throwing call ended with, for matching its code and details. */
export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
