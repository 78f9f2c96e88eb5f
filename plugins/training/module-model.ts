/** Training modules, their lessons and quiz questions as records, their limits, and row conversions. */
import type { Selectable } from 'portico/plugin-api';
import type { LessonTable, ModuleTable, QuestionTable } from './tables.ts';

export interface TrainingModule {
  id: string;
  title: string;
  summary: string;
  passMark: number;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Lesson {
  id: string;
  moduleId: string;
  position: number;
  title: string;
  body: string;
}

export type QuestionKind = 'single' | 'multiple';

export interface Question {
  id: string;
  moduleId: string;
  position: number;
  prompt: string;
  kind: QuestionKind;
  options: string[];
  /** Indexes into options. */
  correct: number[];
}

export interface ModuleDetail extends TrainingModule {
  lessons: Lesson[];
  questions: Question[];
}

export interface ModuleSummary extends TrainingModule {
  lessonCount: number;
  questionCount: number;
  assignmentCount: number;
}

export const limits = {
  title: 200,
  summary: 1000,
  body: 50_000,
  prompt: 1000,
  option: 300,
  maxOptions: 8,
} as const;

export function toModule(row: Selectable<ModuleTable>): TrainingModule {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    passMark: Number(row.pass_mark),
    active: Number(row.active) === 1,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toLesson(row: Selectable<LessonTable>): Lesson {
  return { id: row.id, moduleId: row.module_id, position: Number(row.position), title: row.title, body: row.body };
}

export function toQuestion(row: Selectable<QuestionTable>): Question {
  return {
    id: row.id,
    moduleId: row.module_id,
    position: Number(row.position),
    prompt: row.prompt,
    kind: row.kind === 'multiple' ? 'multiple' : 'single',
    options: JSON.parse(row.options) as string[],
    correct: JSON.parse(row.correct) as number[],
  };
}

export function newId(): string {
  return crypto.randomUUID();
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export function requireText(
  fields: Record<string, string>,
  name: string,
  value: string,
  label: string,
  max: number,
): void {
  if (value === '') fields[name] = `Enter ${label}.`;
  else if (value.length > max) fields[name] = `Keep ${label} under ${max} characters.`;
}
