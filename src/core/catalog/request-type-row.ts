import type { Selectable } from 'kysely';
import { fromStoredTime } from '../db/values.ts';
import type { RequestTypeTable } from './catalog.table.ts';
import type { FormDefinition, RequestType } from './request-type.ts';

/** The stored form is JSON written by this module from a checked definition, so it is read back as is. */
export function parseStoredForm(form: string): FormDefinition {
  const parsed = JSON.parse(form) as Partial<FormDefinition>;
  return { fields: Array.isArray(parsed.fields) ? parsed.fields : [] };
}

export function rowToRequestType(row: Selectable<RequestTypeTable>): RequestType {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    icon: row.icon,
    category: row.category,
    kind: row.kind,
    defaultGroupId: row.default_group_id,
    defaultPriority: row.default_priority,
    active: row.active === 1,
    position: row.position,
    form: parseStoredForm(row.form),
    formVersion: row.form_version,
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
  };
}
