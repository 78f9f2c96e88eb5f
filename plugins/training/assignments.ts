/**
 * Assignments of training modules to staff. The functions live in one module per concept; this file gathers
 * them so pages, jobs and tests import from one place.
 */
export * from './assignment-status.ts';
export * from './assigning.ts';
export * from './assignment-lists.ts';
export * from './learning.ts';
