import { afterEach, beforeEach, expect } from 'vitest';
import { createTestCore } from 'portico/plugin-api/testing';
import type { TestCore } from 'portico/plugin-api/testing';
import type { PluginContext, PortalUser } from 'portico/plugin-api';
import announcements from '../index.ts';
import { AnnouncementError } from '../announcements.ts';
import type { AnnouncementInput } from '../announcements.ts';

export const NOW = new Date('2026-11-24T12:00:00.000Z');
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** A `datetime-local` value (UTC) this many hours from NOW. */
export function at(hours: number): string {
  return new Date(NOW.getTime() + hours * HOUR).toISOString().slice(0, 16);
}

/** A valid form for an incident on now, with what `overrides` changes. */
export function input(overrides: AnnouncementInput = {}): AnnouncementInput {
  return {
    title: 'Email is down',
    body: 'We are on it.',
    kind: 'incident',
    audience: 'everyone',
    starts_at: at(-1),
    ends_at: at(6),
    ...overrides,
  };
}

/** The per-field messages of the validation error `fn` throws (and that it throws one). */
export async function fieldErrors(fn: () => unknown): Promise<Record<string, string>> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AnnouncementError);
    expect((error as AnnouncementError).code).toBe('invalid_input');
    return (error as AnnouncementError).fields;
  }
  throw new Error('expected a validation error');
}

export interface Core {
  test: TestCore;
  ctx: PluginContext;
  agent: PortalUser;
  admin: PortalUser;
  customer: PortalUser;
}

/** Registers hooks that give each test a fresh core with the plugin, an agent, an admin and a customer. */
export function useCore(): Core {
  const core = {} as Core;
  beforeEach(async () => {
    core.test = await createTestCore([announcements]);
    core.ctx = await core.test.context('announcements');
    core.agent = await core.test.user('agent', 'Ada Agent');
    core.admin = await core.test.user('admin', 'Ann Admin');
    core.customer = await core.test.user('customer', 'Carl Customer');
  });
  afterEach(() => core.test.close());
  return core;
}

/** The titles of a list of announcements, in order. */
export const titles = (list: { title: string }[]) => list.map((a) => a.title);
