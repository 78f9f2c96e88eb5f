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
