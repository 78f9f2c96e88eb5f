import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An answer the built site gives before Astro's pipeline, for a request it can answer from memory
 * alone (a kept page). It returns false at once for every request it will not take, so those go to
 * Astro without waiting; otherwise it resolves to whether it answered.
 */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => false | Promise<boolean>;

// The HTTP server runs from the CLI's sources and the built site from Astro's bundle: two module
// graphs in one process, so a module-level variable would exist twice. A global symbol is seen by both.
const slot = Symbol.for('portico.earlyAnswer');
const registry = globalThis as { [slot]?: EarlyAnswer };

/** Called by the built site (its middleware) when it has an early answer to offer. */
export function offerEarlyAnswer(answer: EarlyAnswer): void {
  registry[slot] = answer;
}

/** The built site's early answer, once it has offered one. */
export function earlyAnswer(): EarlyAnswer | undefined {
  return registry[slot];
}
