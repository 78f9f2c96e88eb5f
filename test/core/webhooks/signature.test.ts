import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, verifyWebhookSignature } from '../../../src/core/webhooks/index.ts';

const secret = 'a shared secret of some length';
const body = JSON.stringify({ id: 'evt1', type: 'ticket.created', data: { number: 7 } });
const now = new Date('2026-11-24T10:00:00Z');
const timestamp = Math.floor(now.getTime() / 1000);

describe('generateWebhookSecret', () => {
  it('makes 32 random bytes in base64url, different every time', () => {
    const one = generateWebhookSecret();
    expect(one).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(one, 'base64url')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(one);
  });
});

describe('signWebhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 as v1=<hex>', () => {
    // Independently computed: printf '1.x' | openssl dgst -sha256 -hmac key
    expect(signWebhook('key', 1, 'x')).toBe('v1=fc4913c41a7bf793267e2a384f3261c9436ec2cd097bd745e7b0d99113f510ec');
    expect(signWebhook(secret, timestamp, body)).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});

describe('verifyWebhookSignature', () => {
  const header = signWebhook(secret, timestamp, body);

  it('accepts a genuine delivery', () => {
    expect(verifyWebhookSignature(secret, String(timestamp), body, header, now)).toBe(true);
  });

  it('accepts one matching value among several', () => {
    expect(verifyWebhookSignature(secret, timestamp, body, `v1=${'0'.repeat(64)}, ${header}`, now)).toBe(true);
  });

  it('rejects a tampered body', () => {
    expect(verifyWebhookSignature(secret, timestamp, body.replace('7', '8'), header, now)).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWebhookSignature('another secret entirely', timestamp, body, header, now)).toBe(false);
  });

  it('rejects a timestamp that is not the one signed', () => {
    expect(verifyWebhookSignature(secret, timestamp + 1, body, header, now)).toBe(false);
  });

  it('rejects a stale timestamp, and one from the future, beyond the tolerance', () => {
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhookSignature(secret, timestamp, body, header, later)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, header, new Date(now.getTime() - 301_000))).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, header, new Date(now.getTime() + 299_000))).toBe(true);
    expect(verifyWebhookSignature(secret, timestamp, body, header, later, 600)).toBe(true);
  });

  it('rejects missing, malformed and truncated headers and timestamps', () => {
    expect(verifyWebhookSignature(secret, timestamp, body, undefined, now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, '', now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, header.slice(3), now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, header.slice(0, 40), now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, 'v0=abc', now)).toBe(false);
    expect(verifyWebhookSignature(secret, `${timestamp}x`, body, header, now)).toBe(false);
    expect(verifyWebhookSignature(secret, null, body, header, now)).toBe(false);
  });
});
