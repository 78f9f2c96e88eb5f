import { definePlugin } from 'portico/plugin-api';
import { handleCsatResponded, handleTrainingCompleted } from './automatic.ts';
import * as createRecognition from './migrations/2026_11_24_0000_create_recognition.ts';
import type { BadgesTable, KudosTable, PointsTable, RedemptionsTable, RewardsTable } from './schema.ts';
import { settingsSchema } from './settings.ts';

declare module 'portico/plugin-api' {
  interface PluginDatabase {
    plugin_recognition_kudos: KudosTable;
    plugin_recognition_points: PointsTable;
    plugin_recognition_badges: BadgesTable;
    plugin_recognition_rewards: RewardsTable;
    plugin_recognition_redemptions: RedemptionsTable;
  }
}

export default definePlugin({
  id: 'recognition',
  name: 'Staff recognition',
  version: '1.0.0',
  portico: '^0.1.0',
  description:
    'Kudos between colleagues, points from a monthly allowance, 5-star ratings and completed training, leaderboards and a rewards catalog.',
  settings: settingsSchema,
  migrations: {
    '2026_11_24_0000_create_recognition': createRecognition,
  },
  on: {
    'csat.responded': async (event, ctx) => {
      await handleCsatResponded(ctx, event.payload, event.createdAt);
    },
    'training.completed': async (event, ctx) => {
      await handleTrainingCompleted(ctx, event.payload, event.createdAt);
    },
  },
  nav: [
    { area: 'desk', label: 'Recognition', path: '', role: 'agent' },
    { area: 'admin', label: 'Rewards', path: 'manage', role: 'admin' },
  ],
  slots: {
    'account.page/v1': './components/AccountRecognition.astro',
  },
  permissions: [
    {
      key: 'recognition.manage',
      label: 'Manage rewards',
      description: 'Edit the rewards catalog, approve or reject redemptions and adjust points.',
      defaultRoles: ['admin'],
    },
  ],
});
