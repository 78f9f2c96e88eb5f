import { describe, expect, it } from 'vitest';
import { httpStatusByCode, isPorticoError, PorticoError } from '../../src/core/errors.ts';

describe('PorticoError', () => {
  it('carries a code, a message, a hint and details', () => {
    const error = new PorticoError('conflict', 'That email is already registered.', {
      hint: 'Sign in instead.',
      details: { fields: { email: 'Already in use.' } },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PorticoError');
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('That email is already registered.');
    expect(error.hint).toBe('Sign in instead.');
    expect(error.details).toEqual({ fields: { email: 'Already in use.' } });
  });

  it('has null hint and details when none are given', () => {
    const error = new PorticoError('not_found', 'No such user.');
    expect(error.hint).toBeNull();
    expect(error.details).toBeNull();
  });
});

describe('isPorticoError', () => {
  it('recognises PorticoErrors only', () => {
    expect(isPorticoError(new PorticoError('forbidden', 'No.'))).toBe(true);
    expect(isPorticoError(new Error('No.'))).toBe(false);
    expect(isPorticoError({ code: 'forbidden', message: 'No.' })).toBe(false);
    expect(isPorticoError(null)).toBe(false);
  });
});

describe('httpStatusByCode', () => {
  it('maps every code to its HTTP status', () => {
    expect(httpStatusByCode).toEqual({
      invalid_input: 422,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      too_many_requests: 429,
      payload_too_large: 413,
    });
  });
});
