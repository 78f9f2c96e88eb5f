import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/server/guards.ts';

describe('safeNextPath', () => {
  it('keeps a path on this site', () => {
    expect(safeNextPath('/requests/1042?tab=files')).toBe('/requests/1042?tab=files');
  });

  it.each([
    ['//evil.example'],
    ['/\\evil.example'],
    ['https://evil.example'],
    ['https:evil.example'],
    ['evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r\nSet-Cookie: x=1'],
    ['/\u0000/evil.example'],
    ['/\u007f'],
  ])('refuses %j, answering the fallback', (next) => {
    expect(safeNextPath(next, '/desk')).toBe('/desk');
  });

  it('answers the fallback when there is no next', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('', '/desk')).toBe('/desk');
  });
});
