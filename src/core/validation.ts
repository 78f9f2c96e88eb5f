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
    const field = issue.path.join('.') || 'input';
    fields[field] ??= issue.message;
  }
  const firstMessage = Object.values(fields)[0] ?? 'Invalid input.';
  throw new PorticoError('invalid_input', firstMessage, { details: { fields } });
}
