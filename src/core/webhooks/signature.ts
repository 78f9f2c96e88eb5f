import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new webhook secret: 32 random bytes, base64url.
 * @example
 * const secret = generateWebhookSecret(); // 43 characters
 */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The `Portico-Signature` header value for a body sent at a time: `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
 * @example
 * const header = signWebhook(secret, 1764000000, '{"id":"…"}'); // 'v1=5f0c…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers (and tests): whether a delivery is genuine — the `Portico-Signature` header matches the
 * body and `Portico-Timestamp` (compared in constant time), and the timestamp is within the tolerance of
 * now (so a captured delivery cannot be replayed later). The header may list several `v1=` values,
 * separated by commas or spaces; one match is enough.
 * @example
 * const ok = verifyWebhookSignature(secret, request.headers['portico-timestamp'], rawBody,
 *   request.headers['portico-signature'], new Date());
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | null | undefined,
  body: string,
  header: string | null | undefined,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  if (typeof timestamp === 'string' && !/^\d{1,15}$/.test(timestamp)) return false;
  const seconds = typeof timestamp === 'number' ? timestamp : Number(timestamp ?? '');
  if (!Number.isSafeInteger(seconds) || !header) return false;
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, seconds, body).slice(3), 'hex');
  let matched = false;
  for (const part of header.split(/[\s,]+/)) {
    if (!part.startsWith('v1=')) continue;
    const given = Buffer.from(part.slice(3), 'hex');
    // Every candidate is compared, and in constant time, so timing reveals nothing about the secret.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}
