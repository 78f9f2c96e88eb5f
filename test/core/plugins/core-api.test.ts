import { afterEach, describe, expect, it } from 'vitest';
import { createRequestType, updateRequestType } from '../../../src/core/catalog/index.ts';
import { closeCore } from '../../../src/core/context.ts';
import { createCoreApi } from '../../../src/core/plugins/core-api.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { createDeskWorld } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';

let world: DeskWorld;

afterEach(async () => {
  await closeCore(world.core);
});

describe('core.tickets.createTask', () => {
  it('opens the task with a service-request type that asks for nothing required', async () => {
    world = await createDeskWorld();
    await updateRequestType(world.core, systemActor, world.question.id, { position: 5 });
    const onboarding = await createRequestType(world.core, systemActor, {
      name: 'Onboard a new starter',
      kind: 'service_request',
      position: 0,
      form: { fields: [{ id: 'starter_name', kind: 'text', label: 'Full name', required: true }] },
    });
    const task = await createCoreApi(world.core).tickets.createTask({
      subject: 'Call the customer back',
      description: 'They rated us 1/5.',
      requesterId: world.agent.id,
    });
    expect(task.requestTypeId).toBe(world.question.id);
    expect(task.requestTypeId).not.toBe(onboarding.id);
  });

  it('says what to set up when every service-request type has a required field', async () => {
    world = await createDeskWorld();
    await updateRequestType(world.core, systemActor, world.question.id, {
      form: { fields: [{ id: 'reason', kind: 'text', label: 'Reason', required: true }] },
    });
    await expect(
      createCoreApi(world.core).tickets.createTask({
        subject: 'Call the customer back',
        description: 'They rated us 1/5.',
        requesterId: world.agent.id,
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'There is no active service-request type without required fields to open a task with.',
    });
  });
});
