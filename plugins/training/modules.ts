/**
 * Training modules with their lessons and quiz questions. The functions live in one module per concept; this
 * file gathers them so pages and tests import from one place.
 */
export * from './module-model.ts';
export * from './module-commands.ts';
export * from './module-queries.ts';
export * from './lessons.ts';
export * from './questions.ts';
