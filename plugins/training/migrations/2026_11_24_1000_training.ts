import type { Kysely } from 'portico/plugin-api';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plugin_training_modules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('pass_mark', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plugin_training_lessons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('module_id', 'text', (c) => c.notNull().references('plugin_training_modules.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plugin_training_lessons_module_idx')
    .on('plugin_training_lessons')
    .columns(['module_id', 'position'])
    .execute();

  await db.schema
    .createTable('plugin_training_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('module_id', 'text', (c) => c.notNull().references('plugin_training_modules.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('correct', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plugin_training_questions_module_idx')
    .on('plugin_training_questions')
    .columns(['module_id', 'position'])
    .execute();

  await db.schema
    .createTable('plugin_training_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('module_id', 'text', (c) => c.notNull().references('plugin_training_modules.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text')
    .addColumn('assigned_by', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('refresher_months', 'integer')
    .addColumn('previous_id', 'text')
    .addColumn('next_id', 'text')
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('score', 'integer')
    .addColumn('module_version', 'integer')
    .addColumn('due_soon_reminded_at', 'text')
    .addColumn('overdue_reminded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plugin_training_assignments_user_idx')
    .on('plugin_training_assignments')
    .columns(['user_id', 'due_on'])
    .execute();
  await db.schema
    .createIndex('plugin_training_assignments_module_idx')
    .on('plugin_training_assignments')
    .columns(['module_id'])
    .execute();

  await db.schema
    .createTable('plugin_training_lesson_progress')
    .addColumn('assignment_id', 'text', (c) =>
      c.notNull().references('plugin_training_assignments.id').onDelete('cascade'),
    )
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('plugin_training_lessons.id').onDelete('cascade'))
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plugin_training_lesson_progress_pk', ['assignment_id', 'lesson_id'])
    .execute();

  await db.schema
    .createTable('plugin_training_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assignment_id', 'text', (c) =>
      c.notNull().references('plugin_training_assignments.id').onDelete('cascade'),
    )
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('wrong', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plugin_training_attempts_assignment_idx')
    .on('plugin_training_attempts')
    .columns(['assignment_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'plugin_training_attempts',
    'plugin_training_lesson_progress',
    'plugin_training_assignments',
    'plugin_training_questions',
    'plugin_training_lessons',
    'plugin_training_modules',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
