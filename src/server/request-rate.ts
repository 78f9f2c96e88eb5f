/**
 * Per-client token buckets kept in this process's memory: a client may burst up to `perMinute`
 * requests, then goes on at `perMinute` a minute. Each instance limits what it serves itself (the
 * point is to protect its CPU from a scraper or a flood), so the limit is not shared between instances.
 */
export interface RequestRateLimiter {
  /** Takes one request from the client's bucket; null when allowed, else the seconds to wait. */
  take(client: string, now?: number): number | null;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const mostClients = 50_000;

export function createRequestRateLimiter(perMinute: number): RequestRateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;

  function refilled(bucket: Bucket, now: number): number {
    return Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
  }

  return {
    take(client, now = Date.now()) {
      if (perMinute <= 0) return null;
      const bucket = buckets.get(client);
      const tokens = bucket ? refilled(bucket, now) : perMinute;
      if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000));
      buckets.delete(client);
      // The map is kept in order of last use, so a flood of distinct clients forgets the longest idle
      // first instead of growing memory without bound.
      if (buckets.size >= mostClients) buckets.delete(buckets.keys().next().value!);
      buckets.set(client, { tokens: tokens - 1, updatedAt: now });
      return null;
    },
  };
}
