import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore } from 'portico/plugin-api/testing';
import type { TestCore } from 'portico/plugin-api/testing';
import training from '../index.ts';
import { demoModuleId } from '../migrations/2026_11_24_1001_demo_module.ts';
import * as demo from '../migrations/2026_11_24_1001_demo_module.ts';
import { getModule, listModules } from '../modules.ts';
import type { TrainingContext } from '../settings.ts';

let t: TestCore;
let ctx: TrainingContext;
beforeEach(async () => {
  t = await createTestCore([training]);
  ctx = (await t.context('training')) as unknown as TrainingContext;
});
afterEach(async () => {
  await t.close();
});

describe('the plugin definition', () => {
  it('installs with its defaults, permissions for admins only, and the nav entries', async () => {
    expect(ctx.settings).toEqual({ reminderDaysBefore: 3, overdueReminderEveryDays: 7, defaultPassMark: 80 });
    const agent = await t.user('agent');
    const admin = await t.user('admin');
    expect(await ctx.can(agent, 'training.manage')).toBe(false);
    expect(await ctx.can(agent, 'training.report')).toBe(false);
    expect(await ctx.can(admin, 'training.manage')).toBe(true);
    expect(training.nav).toEqual([
      { area: 'desk', label: 'My training', path: '', role: 'agent' },
      { area: 'admin', label: 'Training', path: 'manage', role: 'admin' },
    ]);
    expect(training.jobs?.['reminders']?.cron).toBe('0 7 * * *');
  });
});

describe('the demo module migration', () => {
  it('adds "Handling a security incident" with three lessons and a four-question quiz', async () => {
    const module = await getModule(ctx, demoModuleId);
    expect(module).toMatchObject({ title: 'Handling a security incident', active: true, passMark: 75 });
    expect(module?.lessons).toHaveLength(3);
    expect(module?.questions.map((question) => question.kind)).toEqual(['single', 'multiple', 'single', 'multiple']);
  });

  it('deletes it again on the way down, and adds nothing when modules exist', async () => {
    const db = ctx.db as never as Parameters<typeof demo.down>[0];
    await demo.down(db);
    expect(await listModules(ctx)).toEqual([]);
    await demo.up(db);
    expect(await listModules(ctx)).toHaveLength(1);
    await demo.up(db); // a module exists now: nothing more
    expect(await listModules(ctx)).toHaveLength(1);
  });
});
