import { z } from 'zod';
import type { PluginDefinition } from '../../plugin-api/types.ts';

/** One field of a plugin's generated settings form. */
export interface SettingsField {
  name: string;
  label: string;
  help: string | null;
  kind: 'text' | 'email' | 'url' | 'number' | 'checkbox' | 'select' | 'multi' | 'lines';
  options: string[];
  min: number | null;
  max: number | null;
  integer: boolean;
}

interface JsonSchemaProperty {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  items?: JsonSchemaProperty;
}

function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldOf(name: string, property: JsonSchemaProperty): SettingsField {
  const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
  const base = {
    name,
    label: property.title ?? humanize(name),
    help: property.description ?? null,
    options: [] as string[],
    // Zod gives every integer the safe-integer range: only a bound someone chose is worth showing.
    min: property.minimum !== undefined && property.minimum > Number.MIN_SAFE_INTEGER ? property.minimum : null,
    max: property.maximum !== undefined && property.maximum < Number.MAX_SAFE_INTEGER ? property.maximum : null,
    integer: type === 'integer',
  };
  if (property.enum) return { ...base, kind: 'select', options: property.enum.map(String) };
  if (type === 'boolean') return { ...base, kind: 'checkbox' };
  if (type === 'number' || type === 'integer') return { ...base, kind: 'number' };
  if (type === 'array' && property.items?.enum) {
    return { ...base, kind: 'multi', options: property.items.enum.map(String) };
  }
  if (type === 'array') return { ...base, kind: 'lines' };
  if (property.format === 'email') return { ...base, kind: 'email' };
  if (property.format === 'uri') return { ...base, kind: 'url' };
  return { ...base, kind: 'text' };
}

/**
 * The admin form for a plugin's settings, generated from its zod schema (through JSON Schema): the
 * label is the field's `.meta({ title })` or its name, the help its `.describe()`.
 * @example
 * settingsFields(csat.definition); // [{ name: 'delayMinutes', kind: 'number', … }]
 */
export function settingsFields(definition: PluginDefinition): SettingsField[] {
  if (!definition.settings) return [];
  const schema = z.toJSONSchema(definition.settings, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => fieldOf(name, property));
}

/** Turns a submitted settings form into values for the schema to judge (unchecked boxes are false). */
export function settingsFromForm(definition: PluginDefinition, form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of settingsFields(definition)) {
    const text = String(form.get(field.name) ?? '').trim();
    switch (field.kind) {
      case 'checkbox':
        values[field.name] = form.has(field.name);
        break;
      case 'number':
        values[field.name] = text === '' ? undefined : Number(text);
        break;
      case 'multi':
        values[field.name] = form.getAll(field.name).map(String);
        break;
      case 'lines':
        values[field.name] = text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean);
        break;
      default:
        values[field.name] = text;
    }
  }
  return values;
}
