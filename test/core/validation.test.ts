import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { PorticoError } from '../../src/core/errors.ts';
import { parseInput } from '../../src/core/validation.ts';

const schema = z.object({
  name: z.string().trim().min(1, 'Enter a name.'),
  age: z.number({ error: 'Enter a number.' }).int().min(0, 'Use 0 or more.'),
  address: z.object({ city: z.string().min(1, 'Enter a city.') }),
});

function failure(input: unknown): PorticoError {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(PorticoError);
    return error as PorticoError;
  }
  throw new Error('expected parseInput to throw');
}

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: ' Kim ', age: 3, address: { city: 'Oslo' }, extra: true })).toEqual({
      name: 'Kim',
      age: 3,
      address: { city: 'Oslo' },
    });
  });

  it("throws invalid_input whose message is the first field's and whose details list every field", () => {
    const error = failure({ name: '', age: -1, address: { city: '' } });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('Enter a name.');
    expect(error.details).toEqual({
      fields: { name: 'Enter a name.', age: 'Use 0 or more.', 'address.city': 'Enter a city.' },
    });
  });

  it('keeps the first message of a field that breaks several rules', () => {
    const twoRules = z.object({ code: z.string().min(3, 'Too short.').regex(/^\d+$/, 'Digits only.') });
    try {
      parseInput(twoRules, { code: 'a' });
      expect.unreachable();
    } catch (error) {
      expect((error as PorticoError).details).toEqual({ fields: { code: 'Too short.' } });
    }
  });

  it('uses the bare message for a problem with the input as a whole', () => {
    const error = (() => {
      try {
        parseInput(z.string({ error: 'Send text.' }), 42);
      } catch (caught) {
        return caught as PorticoError;
      }
      throw new Error('expected parseInput to throw');
    })();
    expect(error.message).toBe('Send text.');
    expect(error.details).toEqual({ fields: { input: 'Send text.' } });
  });
});
