import type { Browser } from 'playwright-core';
import { signedInAs } from '../../e2e/helpers/browser.ts';
import { eventually } from './world.ts';
import type { World } from './world.ts';

/**
 * Service recovery: a rating of 1 makes the CSAT plugin open a follow-up task for the group's lead and add
 * an internal note to the rated ticket, both quoting the customer's comment.
 */

/** The comment's lines as the plugin quotes them ("> …"), but those with control characters, which pages alter. */
export function quotedLines(comment: string): string[] {
  return comment
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !/[\u0000-\u001f]/.test(line))
    .map((line) => `> ${line}`);
}

/** The number of the follow-up task a low rating opened, once the outbox worker has run the plugin. */
export function recoveryTaskOf(world: World, ticketNumber: number): Promise<number> {
  return eventually(async () => {
    const html = await (await world.page('agent', `/desk/tickets/${ticketNumber}`)).text();
    const task = /Follow-up:\s*<a href="\/desk\/tickets\/(\d+)"/.exec(html)?.[1];
    return task === undefined ? undefined : Number(task);
  }, `the service-recovery task of ticket ${ticketNumber}`);
}

/** What the agent sees of each named page (its visible text), signed in through the form. */
export async function agentSees<Name extends string>(
  browser: Browser,
  world: World,
  paths: Record<Name, string>,
): Promise<Record<Name, string>> {
  const page = await signedInAs(browser, world.server, 'agent');
  const texts = {} as Record<Name, string>;
  for (const [name, path] of Object.entries(paths) as [Name, string][]) {
    await page.goto(`${world.server.url}${path}`);
    texts[name] = await page.evaluate(() => document.body.innerText);
  }
  await page.context().close();
  return texts;
}
