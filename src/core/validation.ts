import type { z } from 'zod';
import { PorticoError } from './errors.ts';

/**
 * Parses input with a zod schema; a failure becomes a PorticoError (`invalid_input`) whose details list
 * every field's message (by field path), and whose message is the first one.
 * @example
 * const input = parseInput(newUserSchema, body);
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const prefix = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      // Each unknown key under its own name, so a client sees exactly what it may not send.
      for (const key of issue.keys) fields[prefix ? `${prefix}.${key}` : key] ??= `Unknown field "${key}".`;
      continue;
    }
    fields[prefix || 'input'] ??= issue.message;
  }
  const firstMessage = Object.values(fields)[0] ?? 'Invalid input.';
  throw new PorticoError('invalid_input', firstMessage, { details: { fields } });
}
