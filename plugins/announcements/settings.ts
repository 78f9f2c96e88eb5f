import { z } from 'portico/plugin-api';

/** The plugin's settings; every field has a default, as the admin form requires. */
export const settings = z.object({
  maxShown: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(3)
    .meta({ title: 'Announcements shown on the home page' })
    .describe('At most this many current announcements appear on the portal home (incidents first).'),
  showUpcomingDays: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(7)
    .meta({ title: 'Days of planned maintenance shown' })
    .describe('Maintenance starting within this many days is listed as "Planned" on the portal home. 0 hides it.'),
});

export type AnnouncementSettings = z.infer<typeof settings>;
