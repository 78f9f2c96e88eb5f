import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random, unguessable, URL-safe identifier (80 bits). */
export function newId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(10));
}

/** Times are stored as ISO 8601 UTC text: sortable, and returned alike by both dialects. */
export function toStoredTime(date: Date): string {
  return date.toISOString();
}

export function nowStored(): string {
  return toStoredTime(new Date());
}

export function fromStoredTime(value: string): Date {
  return new Date(value);
}

let lastPosition = 0;

/**
 * A number that grows with every call in this process: ordering by (created_at, position) keeps rows
 * written in the same millisecond (one change's audit entries, a merge's notes) in the order written.
 */
export function nextPosition(): number {
  lastPosition = (lastPosition + 1) % 1_000_000_000;
  return lastPosition;
}
