import { definePlugin } from 'portico/plugin-api';
import * as initial from './migrations/2026_11_24_1000_training.ts';
import * as demo from './migrations/2026_11_24_1001_demo_module.ts';
import { runReminders } from './reminders.ts';
import { settingsSchema } from './settings.ts';
import type {
  AssignmentTable,
  AttemptTable,
  LessonProgressTable,
  LessonTable,
  ModuleTable,
  QuestionTable,
} from './tables.ts';

declare module 'portico/plugin-api' {
  interface PluginEvents {
    /** A person completed a training assignment (passed its quiz, or read its last lesson when it has none). */
    'training.completed': {
      assignmentId: string;
      moduleId: string;
      moduleTitle: string;
      userId: string;
      /** The quiz score in %, or null for a module without a quiz. */
      score: number | null;
    };
  }
  interface PluginDatabase {
    plugin_training_modules: ModuleTable;
    plugin_training_lessons: LessonTable;
    plugin_training_questions: QuestionTable;
    plugin_training_assignments: AssignmentTable;
    plugin_training_lesson_progress: LessonProgressTable;
    plugin_training_attempts: AttemptTable;
  }
}

export default definePlugin({
  id: 'training',
  name: 'Staff training',
  version: '1.0.0',
  portico: '^0.1.0',
  description:
    'Training modules with lessons and quizzes, assigned to agents or groups with due dates and refreshers, reminders by mail and completion reports.',
  settings: settingsSchema,
  migrations: {
    '2026_11_24_1000_training': initial,
    '2026_11_24_1001_demo_module': demo,
  },
  emits: ['training.completed'],
  jobs: {
    reminders: { cron: '0 7 * * *', run: (ctx, now) => runReminders(ctx, now).then(() => undefined) },
  },
  nav: [
    { area: 'desk', label: 'My training', path: '', role: 'agent' },
    { area: 'admin', label: 'Training', path: 'manage', role: 'admin' },
  ],
  slots: {
    'desk.dashboard/v1': './components/DashboardTraining.astro',
  },
  permissions: [
    {
      key: 'training.manage',
      label: 'Manage training',
      description: 'Create and edit training modules, lessons and quizzes, and assign them to people and groups.',
      defaultRoles: ['admin'],
    },
    {
      key: 'training.report',
      label: 'See training reports',
      description: 'See completion by person, module and group, and export it as CSV.',
      defaultRoles: ['admin'],
    },
  ],
  timeoutMs: 60_000,
});
