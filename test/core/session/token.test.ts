import { describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../../src/core/session/index.ts';

describe('generateToken', () => {
  it('returns 256 random bits as 52 lower-case base32 characters', () => {
    const token = generateToken();
    expect(token).toMatch(/^[a-z2-7]{52}$/);
  });

  it('never repeats', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
  });
});

describe('hashToken', () => {
  it('returns the SHA-256 of the token as lower-case hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('differs for tokens that differ only in case', () => {
    expect(hashToken('Token')).not.toBe(hashToken('token'));
  });
});
