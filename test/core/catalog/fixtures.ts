import { formField } from '../../../src/core/catalog/index.ts';
import type { FieldKind, FormDefinition, FormField } from '../../../src/core/catalog/index.ts';

/** A form field labelled after its id, with every other property at its default. */
export function field(id: string, kind: FieldKind, more: Partial<FormField> = {}): FormField {
  return formField(id, kind, id.charAt(0).toUpperCase() + id.slice(1).replaceAll('_', ' '), more);
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
