import { z } from 'portico/plugin-api';
import type { PluginContext } from 'portico/plugin-api';

/** The training plugin's settings; every field has a default so the admin form starts filled in. */
export const settingsSchema = z.object({
  reminderDaysBefore: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(3)
    .describe('Also remind people this many days before an assignment is due (0 for no early reminder).')
    .meta({ title: 'Reminder days before due date' }),
  overdueReminderEveryDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(7)
    .describe('How often an overdue assignment is reminded again, in days.')
    .meta({ title: 'Overdue reminder interval (days)' }),
  defaultPassMark: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(80)
    .describe('The pass mark (in %) a new module starts with; each module can change its own.')
    .meta({ title: 'Default pass mark (%)' }),
});

export type TrainingSettings = z.output<typeof settingsSchema>;

/** What every domain function of the plugin works with. */
export type TrainingContext = PluginContext<TrainingSettings>;

export const permissions = {
  manage: 'training.manage',
  report: 'training.report',
} as const;
