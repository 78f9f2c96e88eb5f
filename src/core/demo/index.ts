export { isDatabaseEmpty, seedDemo } from './seed.ts';
export type { DemoLogin } from './seed.ts';
