/** The plugin's tables, as rows are stored (times as ISO text, booleans as 0/1, JSON as text). */

export interface ModuleTable {
  id: string;
  title: string;
  summary: string;
  /** Percentage of questions to answer correctly to pass the quiz. */
  pass_mark: number;
  active: number;
  /** Goes up by one with every change of content (details, lessons, questions). */
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LessonTable {
  id: string;
  module_id: string;
  position: number;
  title: string;
  /** Markdown, rendered by markdown.ts. */
  body: string;
  created_at: string;
  updated_at: string;
}

export interface QuestionTable {
  id: string;
  module_id: string;
  position: number;
  prompt: string;
  kind: 'single' | 'multiple';
  /** JSON array of option texts. */
  options: string;
  /** JSON array of the indexes of the correct options. */
  correct: string;
  created_at: string;
  updated_at: string;
}

export interface AssignmentTable {
  id: string;
  module_id: string;
  user_id: string;
  /** The group the assignment was made through, when it was. */
  group_id: string | null;
  assigned_by: string | null;
  /** Calendar day, YYYY-MM-DD. */
  due_on: string;
  /** Months after completion when a refresher becomes due; null for none. */
  refresher_months: number | null;
  /** The completed assignment this one refreshes. */
  previous_id: string | null;
  /** The refresher made after this one was completed. */
  next_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  score: number | null;
  /** The module's version when it was completed. */
  module_version: number | null;
  due_soon_reminded_at: string | null;
  overdue_reminded_at: string | null;
  created_at: string;
}

export interface LessonProgressTable {
  assignment_id: string;
  lesson_id: string;
  completed_at: string;
}

export interface AttemptTable {
  id: string;
  assignment_id: string;
  /** JSON object: question id → chosen option indexes. */
  answers: string;
  /** JSON array of the ids of questions answered wrongly. */
  wrong: string;
  score: number;
  passed: number;
  created_at: string;
}

export interface TrainingTables {
  plugin_training_modules: ModuleTable;
  plugin_training_lessons: LessonTable;
  plugin_training_questions: QuestionTable;
  plugin_training_assignments: AssignmentTable;
  plugin_training_lesson_progress: LessonProgressTable;
  plugin_training_attempts: AttemptTable;
}
