import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getNotificationTemplate,
  listNotificationTemplates,
  notificationTemplateKeys,
  previewNotificationTemplate,
  resetNotificationTemplate,
  saveNotificationTemplate,
} from '../../../src/core/notifications/index.ts';
import { isPorticoError } from '../../../src/core/errors.ts';
import { updateSettings } from '../../../src/core/settings/index.ts';
import { updateTicket } from '../../../src/core/tickets/index.ts';
import { ask, createMailWorld, deliver, publicUrl } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await createMailWorld();
});
afterEach(() => world.close());

const resolvedOverride = {
  subject: 'All done: {{ticket.subject}}',
  text: 'Hi {{requester.name}}, {{ticket.reference}} is resolved. {{link}} — {{portal.name}}',
};

describe('listNotificationTemplates', () => {
  it('lists every template with its default for admins only', async () => {
    const templates = await listNotificationTemplates(world.core, world.admin);
    expect(templates.map((template) => template.key)).toEqual([...notificationTemplateKeys]);
    expect(templates.every((template) => !template.customised && template.subject === template.defaultSubject)).toBe(
      true,
    );
    await expect(listNotificationTemplates(world.core, world.avery)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('saveNotificationTemplate', () => {
  it('overrides what is sent, and keeps the reference in the subject even when left out', async () => {
    await updateSettings(world.core, world.admin, { organisationName: 'Northwind IT' });
    await saveNotificationTemplate(world.core, world.admin, 'request.resolved', resolvedOverride);
    expect(await getNotificationTemplate(world.core, world.admin, 'request.resolved')).toMatchObject({
      ...resolvedOverride,
      customised: true,
    });
    const ticket = await ask(world);
    await updateTicket(world.core, world.avery, ticket.number, { status: 'resolved' });
    const [mail] = await deliver(world);
    expect(mail!.subject).toBe(`[${ticket.reference}] All done: Printer on floor 2`);
    expect(mail!.text.trim()).toBe(
      `Hi Casey Customer, ${ticket.reference} is resolved. ${publicUrl}/requests/${ticket.number} — Northwind IT`,
    );
  });

  it('refuses unknown placeholders with the list of allowed ones', async () => {
    const error = await saveNotificationTemplate(world.core, world.admin, 'request.received', {
      subject: '{{ticket.reference}} {{ticket.owner}}',
      text: 'Reply: {{message.body}}',
    }).catch((caught: unknown) => caught);
    expect(isPorticoError(error) && error.code).toBe('invalid_input');
    if (!isPorticoError(error)) return;
    expect(error.message).toBe('Unknown placeholder: {{ticket.owner}}.');
    expect(error.details).toMatchObject({
      fields: { subject: 'Unknown placeholder: {{ticket.owner}}.', text: 'Unknown placeholder: {{message.body}}.' },
      unknown: ['ticket.owner', 'message.body'],
    });
    expect(error.details?.['allowed']).toContain('ticket.reference');
    expect(error.hint).toContain('{{link}}');
    expect((await getNotificationTemplate(world.core, world.admin, 'request.received'))?.customised).toBe(false);
  });

  it('is for admins only, and unknown templates are not found', async () => {
    await expect(
      saveNotificationTemplate(world.core, world.avery, 'request.resolved', resolvedOverride),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(saveNotificationTemplate(world.core, world.admin, 'nope', resolvedOverride)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await getNotificationTemplate(world.core, world.admin, 'nope')).toBeUndefined();
  });
});

describe('resetNotificationTemplate', () => {
  it('puts the default back in force', async () => {
    await saveNotificationTemplate(world.core, world.admin, 'request.resolved', resolvedOverride);
    const reset = await resetNotificationTemplate(world.core, world.admin, 'request.resolved');
    expect(reset).toMatchObject({ customised: false, subject: reset.defaultSubject, text: reset.defaultText });
  });
});

describe('previewNotificationTemplate', () => {
  it('renders the stored template, or unsaved text, from sample data', async () => {
    const stored = await previewNotificationTemplate(world.core, world.admin, 'agent.mention');
    expect(stored.subject).toBe('[PT-1042] Casey Customer mentioned you: VPN drops every few minutes');
    expect(stored.text).toContain(`${publicUrl}/desk/tickets/1042`);
    const draft = await previewNotificationTemplate(world.core, world.admin, 'request.resolved', resolvedOverride);
    expect(draft.subject).toBe('[PT-1042] All done: VPN drops every few minutes');
    expect(draft.text).toBe(`Hi Casey Customer, PT-1042 is resolved. ${publicUrl}/requests/1042 — Portico`);
    await expect(
      previewNotificationTemplate(world.core, world.admin, 'request.resolved', { subject: '{{x}}', text: 'y' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
