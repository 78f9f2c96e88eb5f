import { expect } from 'vitest';
import { allPayloads, corpus } from './xss.ts';
import type { Persona, World } from './world.ts';

/**
 * Seeding for the stored-XSS test through the portal's own forms and REST API, as an admin, agent or
 * customer would write each field. Every helper fails the test when the portal refuses the data, so a
 * check never runs against a field that was left empty.
 */

/** Payloads without line breaks, for one-line fields (options, names) that would refuse them. */
export const oneLinePayloads = corpus.filter((payload) => !/[\r\n]/.test(payload));

/** The corpus in pieces of at most `size` characters, whole payloads each, for fields with a length cap. */
export function corpusIn(size: number): string[] {
  const pieces: string[] = [];
  for (const payload of corpus) {
    const last = pieces.at(-1);
    if (last !== undefined && last.length + payload.length + 2 <= size)
      pieces[pieces.length - 1] = `${last}\n\n${payload}`;
    else pieces.push(payload.slice(0, size));
  }
  return pieces;
}

/** Posts a form as the persona; expects the portal's 303 after a save and answers where it leads. */
export async function submit(
  world: World,
  persona: Persona,
  path: string,
  fields: Record<string, string> | [string, string][],
): Promise<string> {
  const response = await world.page(persona, path, { method: 'POST', body: new URLSearchParams(fields) });
  const text = await response.text();
  const refusal = /role="alert">([^]*?)<\/div>/.exec(text)?.[1]?.replace(/<[^>]+>/g, ' ') ?? text.slice(0, 300);
  expect(response.status, `${path}: ${refusal}`).toBe(303);
  return response.headers.get('location') ?? '';
}

/** A JSON call that must succeed. */
export async function call(world: World, persona: Persona, method: string, path: string, body?: unknown) {
  const { status, body: answer } = await world.api(persona, method, path, body);
  expect(status, `${method} ${path}: ${JSON.stringify(answer).slice(0, 300)}`).toBeLessThan(300);
  return answer;
}

/** The pattern's first capture in a page's HTML: an id from a link or a hidden field. */
export async function idIn(world: World, persona: Persona, path: string, pattern: RegExp): Promise<string> {
  const html = await (await world.page(persona, path)).text();
  const id = pattern.exec(html)?.[1];
  expect(id, `${pattern} in ${path}`).toBeDefined();
  return id!;
}

/** Organisations named by payloads; answers the id of one of them. */
export async function seedOrganisations(world: World): Promise<string> {
  for (const [index, payload] of oneLinePayloads.slice(0, 20).entries()) {
    await submit(world, 'admin', '/admin/organisations', {
      name: payload.slice(0, 80),
      domain: `xss-${index}.example`,
    });
  }
  // Rows list the name, then the sharing form with the organisation's id.
  return idIn(world, 'admin', '/admin/organisations', /x-xss[^]*?name="organisationId" value="([^"]+)"/);
}

/**
 * A request type with a payload in its name, category and description, and a field of every kind whose
 * label, help text and options are payloads. Answers its id and slug.
 */
export async function seedRequestType(world: World, index: number, groupId: string) {
  const payloads = oneLinePayloads.slice(index * 8);
  const at = (offset: number) => payloads[offset % payloads.length]!;
  const slug = `xss-form-${index}`;
  const fields: [string, string][] = [
    ['name', at(0).slice(0, 120)],
    ['slug', slug],
    ['description', corpusIn(1000)[index]!],
    ['icon', 'question'],
    ['category', at(1).slice(0, 80)],
    ['kind', 'service_request'],
    ['defaultGroupId', groupId],
    ['defaultPriority', 'P3'],
    ['active', 'on'],
    ['position', '0'],
  ];
  const rows = [
    { id: 'short', kind: 'text', label: at(2), help: at(3) },
    { id: 'long', kind: 'textarea', label: at(4), help: at(5) },
    { id: 'choice', kind: 'select', label: at(6), help: at(7), options: payloads.slice(8, 16) },
    { id: 'many', kind: 'multi_select', label: at(16), help: at(17), options: payloads.slice(18, 26) },
    { id: 'agree', kind: 'checkbox', label: at(26), help: at(27) },
  ];
  for (const [row, field] of rows.entries()) {
    fields.push(
      [`row.${row}.id`, field.id],
      [`row.${row}.kind`, field.kind],
      [`row.${row}.label`, field.label.slice(0, 120)],
      [`row.${row}.help`, field.help.slice(0, 500)],
      [`row.${row}.options`, (field.options ?? []).map((option) => option.slice(0, 120)).join('\n')],
      [`row.${row}.position`, String(row + 1)],
    );
  }
  const location = await submit(world, 'admin', '/admin/catalog/new', [...fields, ['intent', 'save']]);
  const id = /\/admin\/catalog\/([^?/]+)/.exec(location)?.[1];
  expect(id, location).toBeDefined();
  return {
    id: id!,
    slug,
    answers: {
      short: at(2).slice(0, 1000),
      long: allPayloads,
      choice: payloads[8]!.slice(0, 120).trim(),
      many: payloads.slice(18, 21).map((option) => option.slice(0, 120).trim()),
      agree: true,
    },
  };
}

/** An SLA policy named by a payload that applies to every new ticket (position 0, no conditions). */
export async function seedSlaPolicy(world: World, payload: string): Promise<void> {
  const targets = ['P1', 'P2', 'P3', 'P4'].map((priority): [string, string] => [
    `targets.${priority}.resolution`,
    '8h',
  ]);
  await submit(world, 'admin', '/admin/sla/policies/new', [
    ['name', payload.slice(0, 80)],
    ['position', '0'],
    ...targets,
  ]);
}

/** A knowledge-base category with a payload name and description, and a published article in it. */
export async function seedKbCategory(world: World, index: number, payload: string): Promise<string> {
  const slug = `xss-category-${index}`;
  await submit(world, 'admin', '/desk/kb/categories', {
    intent: 'create',
    name: payload.slice(0, 80),
    slug,
    description: payload,
    parentId: '',
    position: '0',
  });
  await call(world, 'admin', 'POST', 'articles', {
    title: `In category ${index}`,
    summary: 'An article so that the category is listed.',
    body: 'Plain text.',
    categoryId: slug,
    status: 'published',
  });
  return slug;
}

/**
 * A training module with payloads as title, summary, lesson titles and bodies (markdown), quiz prompts
 * and options, assigned to the agent, who has read the lessons. Answers the pages it is shown on.
 */
export async function seedTraining(world: World, agentId: string) {
  const created = await submit(world, 'admin', '/plugins/training/manage/modules/new', {
    title: oneLinePayloads[0]!,
    summary: corpusIn(1000)[0]!,
    passMark: '80',
    active: 'on',
  });
  const moduleId = /modules\/([^?/]+)/.exec(created)?.[1];
  expect(moduleId, created).toBeDefined();
  const base = `/plugins/training/manage/modules/${moduleId}`;
  const lessonBodies = corpusIn(1500);
  for (const [index, body] of lessonBodies.entries()) {
    await submit(world, 'admin', `${base}/lessons/new`, { title: oneLinePayloads[index + 1]!, body });
  }
  for (const index of [0, 1, 2]) {
    // A quiz refuses options that differ only in case (JaVaScRiPt: repeats javascript:).
    const options = oneLinePayloads
      .filter((option, at, all) => all.findIndex((other) => other.toLowerCase() === option.toLowerCase()) === at)
      .slice(10 + index * 8, 18 + index * 8);
    const fields: Record<string, string> = { prompt: oneLinePayloads[index + 5]!, kind: 'single', correct0: 'on' };
    options.forEach((option, slot) => (fields[`option${slot}`] = option));
    await submit(world, 'admin', `${base}/questions/new`, fields);
  }
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await submit(world, 'admin', `${base}/assign`, {
    intent: 'assign',
    [`user-${agentId}`]: 'on',
    dueOn: due,
    groupId: '',
  });
  const assignmentId = await idIn(world, 'agent', '/plugins/training', /\/plugins\/training\/assignments\/([^"/?#]+)/);
  const assignment = `/plugins/training/assignments/${assignmentId}`;
  // The quiz opens once the agent has read every lesson (posting a lesson's page marks it read).
  const lessons = lessonBodies.map((_, index) => `${assignment}/lessons/${index + 1}`);
  for (const lesson of lessons) await submit(world, 'agent', lesson, {});
  return { moduleId: moduleId!, assignment, lessons };
}

/** Resolves the customer's ticket and rates it (1–5) with a payload comment, as from the request page. */
export async function seedCsatComment(
  world: World,
  ticketNumber: number,
  comment: string,
  rating: number,
): Promise<void> {
  await call(world, 'agent', 'PATCH', `tickets/${ticketNumber}`, { status: 'resolved' });
  await submit(world, 'customer', '/plugins/csat/rate', {
    ticket: String(ticketNumber),
    rating: String(rating),
    comment,
  });
}
