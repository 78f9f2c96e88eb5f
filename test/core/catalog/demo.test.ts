import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  answerForm,
  formDefinitionSchema,
  listRequestTypes,
  requestTypeIcons,
  seedDemoRequestTypes,
} from '../../../src/core/catalog/index.ts';
import { createGroup, systemActor } from '../../../src/core/users/index.ts';
import type { Group } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

let core: TestCore;
let desk: Group;

beforeEach(async () => {
  core = await createTestCore();
  desk = await createGroup(core, systemActor, { name: 'Service Desk' });
});

afterEach(async () => {
  await core.close();
});

describe('seedDemoRequestTypes', () => {
  it('creates five active types routed to the group, each with a valid form and an icon', async () => {
    await seedDemoRequestTypes(core, { groupId: desk.id });
    const types = await listRequestTypes(core, null);
    expect(types.map((type) => type.name).sort()).toEqual([
      'Access request',
      'Ask a question',
      'New starter',
      'Report an incident',
      'Request software',
    ]);
    for (const type of types) {
      expect(type).toMatchObject({ active: true, defaultGroupId: desk.id, formVersion: 1 });
      expect(requestTypeIcons).toContain(type.icon);
      expect(formDefinitionSchema.parse(type.form)).toEqual(type.form);
    }
    expect(types.find((type) => type.slug === 'report-an-incident')?.kind).toBe('incident');
  });

  it('asks "Which software?" only when the software is Other', async () => {
    const [, software] = await seedDemoRequestTypes(core, { groupId: desk.id });
    const answers = { business_reason: 'Design reviews with clients.', licences: '2' };
    expect(answerForm(software!.form, { ...answers, software: 'Figma' }).map((a) => a.id)).not.toContain(
      'other_software',
    );
    expect(() => answerForm(software!.form, { ...answers, software: 'Other' })).toThrow('This field is required.');
  });

  it('lets a question be asked without answering any field', async () => {
    const types = await seedDemoRequestTypes(core, { groupId: desk.id });
    const question = types.find((type) => type.slug === 'ask-a-question')!;
    expect(answerForm(question.form, {})).toEqual([
      { id: 'topic', kind: 'select', label: 'Topic', value: null, display: '' },
    ]);
  });
});
