import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import csat from '../index.ts';
import { settingsSchema } from '../settings.ts';

const folder = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

describe('the plugin definition', () => {
  it('has a default for every setting', () => {
    expect(settingsSchema.parse({})).toEqual({
      delayMinutes: 0,
      requestTypeIds: [],
      reminderEnabled: true,
      reminderAfterHours: 72,
      lowRatingThreshold: 2,
    });
  });

  it('refuses settings out of range', () => {
    expect(settingsSchema.safeParse({ delayMinutes: -1 }).success).toBe(false);
    expect(settingsSchema.safeParse({ lowRatingThreshold: 5 }).success).toBe(false);
    expect(settingsSchema.safeParse({ reminderAfterHours: 0 }).success).toBe(false);
  });

  it('gives agents the csat.view permission and a desk entry to the dashboard', () => {
    expect(csat.permissions).toEqual([expect.objectContaining({ key: 'csat.view', defaultRoles: ['agent'] })]);
    expect(csat.nav).toEqual([{ area: 'desk', label: 'CSAT', path: '', role: 'agent', permission: 'csat.view' }]);
  });

  it('fills the ticket sidebar with a component that exists', () => {
    const file = csat.slots?.['ticket.sidebar/v1'] ?? '';
    expect(fs.existsSync(path.join(folder, file))).toBe(true);
  });

  it('declares the event it emits and the jobs that send mail', () => {
    expect(csat.emits).toEqual(['csat.responded']);
    expect(Object.keys(csat.jobs ?? {})).toEqual(['send-surveys', 'send-reminders']);
  });
});
