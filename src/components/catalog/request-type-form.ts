import { z } from 'zod';
import { formDefinitionSchema } from '../../core/catalog/index.ts';
import type { FormDefinition, FormDefinitionInput, RequestType, RequestTypeInput } from '../../core/catalog/index.ts';
import { parseInput } from '../../core/validation.ts';

/** What the request-type editor's details hold, as the strings the browser posts. */
export interface RequestTypeFormValues {
  name: string;
  slug: string;
  description: string;
  icon: string;
  category: string;
  kind: string;
  defaultGroupId: string;
  defaultPriority: string;
  active: boolean;
  position: string;
}

export const newRequestTypeValues: RequestTypeFormValues = {
  name: '',
  slug: '',
  description: '',
  icon: 'question',
  category: 'General',
  kind: 'service_request',
  defaultGroupId: '',
  defaultPriority: 'P3',
  active: true,
  position: '0',
};

export function valuesOfRequestType(type: RequestType): RequestTypeFormValues {
  return {
    name: type.name,
    slug: type.slug,
    description: type.description,
    icon: type.icon,
    category: type.category,
    kind: type.kind,
    defaultGroupId: type.defaultGroupId ?? '',
    defaultPriority: type.defaultPriority,
    active: type.active,
    position: String(type.position),
  };
}

export function valuesOfForm(form: Record<string, string>): RequestTypeFormValues {
  return {
    name: form['name'] ?? '',
    slug: form['slug']?.trim() ?? '',
    description: (form['description'] ?? '').replace(/\r\n?/g, '\n'),
    icon: form['icon'] ?? '',
    category: form['category'] ?? '',
    kind: form['kind'] ?? '',
    defaultGroupId: form['defaultGroupId'] ?? '',
    defaultPriority: form['defaultPriority'] ?? '',
    active: (form['active'] ?? '') !== '',
    position: form['position']?.trim() ?? '',
  };
}

/**
 * The core's input from the form. Enumerations pass through as posted: the core's schema refuses anything
 * else with a message for the field. A position that is not a number stays NaN, refused the same way.
 */
export function inputOfValues(values: RequestTypeFormValues, form: FormDefinitionInput): RequestTypeInput {
  return {
    name: values.name,
    ...(values.slug && { slug: values.slug }),
    description: values.description,
    icon: values.icon as RequestTypeInput['icon'] & string,
    category: values.category,
    kind: values.kind as RequestTypeInput['kind'] & string,
    defaultGroupId: values.defaultGroupId || null,
    defaultPriority: values.defaultPriority as RequestTypeInput['defaultPriority'] & string,
    active: values.active,
    position: values.position === '' ? 0 : Number(values.position),
    form,
  };
}

/** Checks a definition as the core would when saving, with the core's message paths (`form.fields.…`). */
export function checkDefinition(form: FormDefinitionInput): FormDefinition {
  return parseInput(z.object({ form: formDefinitionSchema }), { form }).form;
}
