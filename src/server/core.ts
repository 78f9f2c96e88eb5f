import { loadConfig } from '../core/config.ts';
import { createCore } from '../core/context.ts';
import type { Core } from '../core/context.ts';

let core: Core | undefined;

/** The process's one core, created on first use from the environment. */
export function getCore(): Core {
  core ??= createCore(loadConfig());
  return core;
}
