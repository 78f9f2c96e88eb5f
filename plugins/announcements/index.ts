import { definePlugin } from 'portico/plugin-api';
import { purgeEnded } from './announcements.ts';
import * as createItems from './migrations/2026_11_24_0900_announcements.ts';
import { settings } from './settings.ts';

export default definePlugin({
  id: 'announcements',
  name: 'Announcements',
  version: '1.0.0',
  portico: '^0.1.0',
  description: 'Banners on the portal home for ongoing incidents, planned maintenance and other news.',
  settings,
  migrations: {
    '2026_11_24_0900_announcements': createItems,
  },
  permissions: [
    {
      key: 'announcements.manage',
      label: 'Manage announcements',
      description: 'Create, edit, end and delete the banners shown on the portal home.',
      defaultRoles: ['agent'],
    },
  ],
  nav: [{ area: 'desk', label: 'Announcements', path: '', role: 'agent', permission: 'announcements.manage' }],
  slots: {
    'portal.home/v1': './components/HomeAnnouncements.astro',
  },
  jobs: {
    // Announcements stop showing by their time window; this deletes those that ended over 90 days ago.
    expire: { every: '15m', run: async (ctx, now) => void (await purgeEnded(ctx, now)) },
  },
});
