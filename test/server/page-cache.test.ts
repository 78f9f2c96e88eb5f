import { describe, expect, it } from 'vitest';
import { createPageCache } from '../../src/server/page-cache.ts';
import type { KeptPage } from '../../src/server/page-cache.ts';

function page(version: string, bytes = 100): KeptPage {
  return {
    status: 200,
    headers: [['content-type', 'text/html']],
    body: new Uint8Array(bytes),
    version,
    onReuse: undefined,
  };
}

describe('createPageCache', () => {
  it('finds a page only under the version it was kept with', () => {
    const cache = createPageCache({ maxBytes: 10_000, maxAgeMs: 60_000 });
    cache.keep('/kb', page('1'));
    expect(cache.find('/kb', '1')?.version).toBe('1');
    expect(cache.find('/kb', '2')).toBeUndefined();
    // A stale page is dropped, not kept beside the new version.
    expect(cache.find('/kb', '1')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('forgets a page older than the age limit', () => {
    const cache = createPageCache({ maxBytes: 10_000, maxAgeMs: 60_000 });
    cache.keep('/kb', page('1'), 1_000);
    expect(cache.find('/kb', '1', 61_000)).toBeDefined();
    expect(cache.find('/kb', '1', 61_001)).toBeUndefined();
  });

  it('stays within its bytes, dropping the least recently used page first', () => {
    const cache = createPageCache({ maxBytes: 1_000, maxAgeMs: 60_000 });
    for (const key of ['/a', '/b', '/c']) cache.keep(key, page('1', 300));
    expect(cache.find('/a', '1')).toBeDefined();
    cache.keep('/d', page('1', 300));
    expect(cache.bytes).toBeLessThanOrEqual(1_000);
    expect(cache.find('/b', '1')).toBeUndefined();
    expect(['/a', '/c', '/d'].map((key) => cache.find(key, '1') !== undefined)).toEqual([true, true, true]);
  });

  it('does not keep a page larger than the whole cache, and replaces a page kept again', () => {
    const cache = createPageCache({ maxBytes: 1_000, maxAgeMs: 60_000 });
    cache.keep('/huge', page('1', 2_000));
    expect(cache.find('/huge', '1')).toBeUndefined();
    cache.keep('/kb', page('1', 300));
    cache.keep('/kb', page('2', 300));
    expect(cache.find('/kb', '2')).toBeDefined();
    expect(cache.bytes).toBe(300 + '/kb'.length * 2);
  });
});
