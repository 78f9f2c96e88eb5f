import { describe, expect, it } from 'vitest';
import { createRequestRateLimiter } from '../../src/server/request-rate.ts';

describe('createRequestRateLimiter', () => {
  it('allows a burst of the minute’s allowance, then refuses with the seconds until the next request', () => {
    const limiter = createRequestRateLimiter(60);
    const start = 1_000_000;
    for (let request = 0; request < 60; request++) expect(limiter.take('ip:192.0.2.1', start)).toBeNull();
    expect(limiter.take('ip:192.0.2.1', start)).toBe(1);
    expect(limiter.take('ip:192.0.2.1', start + 500)).toBe(1);
    expect(limiter.take('ip:192.0.2.1', start + 1_000)).toBeNull();
    expect(limiter.take('ip:192.0.2.1', start + 1_000)).toBe(1);
  });

  it('keeps each client’s allowance apart', () => {
    const limiter = createRequestRateLimiter(2);
    expect(limiter.take('user:a', 0)).toBeNull();
    expect(limiter.take('user:a', 0)).toBeNull();
    expect(limiter.take('user:a', 0)).toBe(30);
    expect(limiter.take('user:b', 0)).toBeNull();
  });

  it('refills at the configured rate and never above the burst', () => {
    const limiter = createRequestRateLimiter(6);
    for (let request = 0; request < 6; request++) limiter.take('ip:x', 0);
    expect(limiter.take('ip:x', 0)).toBe(10);
    const anHourLater = 3_600_000;
    for (let request = 0; request < 6; request++) expect(limiter.take('ip:x', anHourLater)).toBeNull();
    expect(limiter.take('ip:x', anHourLater)).not.toBeNull();
  });

  it('limits nothing when the allowance is 0', () => {
    const limiter = createRequestRateLimiter(0);
    for (let request = 0; request < 1_000; request++) expect(limiter.take('ip:x', 0)).toBeNull();
  });

  it('forgets the longest-idle clients first when a flood of addresses would exhaust memory', () => {
    const limiter = createRequestRateLimiter(1);
    expect(limiter.take('ip:first', 0)).toBeNull();
    expect(limiter.take('ip:first', 0)).not.toBeNull();
    for (let client = 0; client < 50_000; client++) limiter.take(`ip:flood-${client}`, 0);
    expect(limiter.take('ip:first', 0)).toBeNull();
  });
});
