import { describe, expect, it } from 'vitest';
import { CsatError } from '../errors.ts';
import { parseComment, parseRating, ratingMessage } from '../responses.ts';

describe('parseRating', () => {
  it('accepts whole numbers from 1 to 5, as numbers or form text', () => {
    expect(parseRating(1)).toBe(1);
    expect(parseRating('5')).toBe(5);
    expect(parseRating(' 3 ')).toBe(3);
  });

  it.each([0, 6, '0', '6', 4.5, '4.5', 'five', '', null, undefined, NaN, '1e0'])(
    'refuses %j with a clear message on the rating field',
    (value) => {
      let error: unknown;
      try {
        parseRating(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CsatError);
      expect((error as CsatError).code).toBe('invalid_input');
      expect((error as CsatError).message).toBe('Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).');
      expect((error as CsatError).fields).toEqual({ rating: ratingMessage });
    },
  );
});

describe('parseComment', () => {
  it('keeps up to 2000 characters, trimmed, and makes an empty comment null', () => {
    expect(parseComment('  Quick and friendly.  ')).toBe('Quick and friendly.');
    expect(parseComment('   ')).toBeNull();
    expect(parseComment(undefined)).toBeNull();
    expect(parseComment('x'.repeat(2000))).toHaveLength(2000);
  });

  it('refuses a longer comment, saying how long it is', () => {
    expect(() => parseComment('x'.repeat(2001))).toThrow('The comment can be at most 2000 characters; it has 2001.');
  });
});
