/**
 * Announcements: banners for planned maintenance and ongoing incidents.
 *
 * Plain functions taking the plugin's context first, one concept per module; this file gathers them so pages,
 * the home panel and tests import from one place.
 */
export * from './model.ts';
export * from './times.ts';
export * from './validation.ts';
export * from './queries.ts';
export * from './commands.ts';
export * from './forms.ts';
