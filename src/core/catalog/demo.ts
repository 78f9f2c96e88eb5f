import type { Core } from '../context.ts';
import { systemActor } from '../users/index.ts';
import { formField as field } from './request-type.ts';
import { createRequestType } from './request-types.ts';
import type { RequestTypeInput } from './schemas.ts';
import type { RequestType } from './request-type.ts';

const levels = ['low', 'medium', 'high'];

function demoTypes(groupId: string): RequestTypeInput[] {
  const common = { defaultGroupId: groupId, active: true };
  return [
    {
      ...common,
      name: 'Report an incident',
      description: 'Something is broken or not working as it should.',
      icon: 'alert',
      category: 'Get help',
      kind: 'incident',
      defaultPriority: 'P3',
      position: 0,
      form: {
        fields: [
          field('affected_service', 'select', 'Affected service', {
            required: true,
            options: ['Email', 'VPN', 'Wi-Fi', 'Printing', 'Payroll', 'Website', 'Something else'],
          }),
          field('impact', 'select', 'Impact', {
            help: 'low: just me · medium: my team · high: the whole company.',
            required: true,
            options: levels,
          }),
          field('urgency', 'select', 'Urgency', {
            help: 'low: it can wait a few days · medium: today · high: work has stopped.',
            required: true,
            options: levels,
          }),
          field('blocked', 'checkbox', 'Is anyone blocked from working?'),
          field('screenshots', 'file', 'Screenshots', {
            help: 'Optional: pictures of any error messages help us most.',
          }),
        ],
      },
    },
    {
      ...common,
      name: 'Request software',
      description: 'Ask for an application or a licence for one.',
      icon: 'package',
      category: 'Equipment and software',
      kind: 'service_request',
      defaultPriority: 'P4',
      position: 1,
      form: {
        fields: [
          field('software', 'select', 'Software', {
            required: true,
            options: ['Microsoft 365', 'Adobe Acrobat Pro', 'Figma', 'Slack', 'Zoom', 'Other'],
          }),
          field('other_software', 'text', 'Which software?', {
            required: true,
            max: 120,
            showWhen: { field: 'software', equals: 'Other' },
          }),
          field('business_reason', 'textarea', 'Business reason', {
            help: 'What will you use it for? Approvals go faster with a clear reason.',
            required: true,
            min: 10,
            max: 2000,
          }),
          field('licences', 'number', 'Number of licences', { required: true, min: 1, max: 50 }),
        ],
      },
    },
    {
      ...common,
      name: 'New starter',
      description: 'Get accounts and equipment ready for someone joining the company.',
      icon: 'user-plus',
      category: 'People',
      kind: 'service_request',
      defaultPriority: 'P3',
      position: 0,
      form: {
        fields: [
          field('starter_name', 'text', 'Full name of the new starter', { required: true, max: 120 }),
          field('start_date', 'date', 'Start date', {
            required: true,
            help: 'Please ask at least five working days ahead.',
          }),
          field('department', 'select', 'Department', {
            required: true,
            options: ['Finance', 'Marketing', 'Operations', 'Sales', 'Engineering', 'People'],
          }),
          field('equipment', 'multi_select', 'Equipment', {
            options: ['Laptop', 'Monitor', 'Headset', 'Mobile phone', 'Docking station'],
          }),
          field('manager_email', 'email', "Manager's email", { required: true }),
          field('needs_vpn', 'checkbox', 'Needs VPN access'),
        ],
      },
    },
    {
      ...common,
      name: 'Access request',
      description: 'Get access to a system, shared drive or application.',
      icon: 'key',
      category: 'Accounts and access',
      kind: 'service_request',
      defaultPriority: 'P3',
      position: 0,
      form: {
        fields: [
          field('system', 'select', 'System', {
            required: true,
            options: ['Shared drive', 'CRM', 'Finance system', 'HR system', 'Code repository'],
          }),
          field('access_level', 'select', 'Access level', { required: true, options: ['Read only', 'Edit', 'Admin'] }),
          field('reason', 'textarea', 'Reason', {
            help: 'Why do you need this access, and for how long?',
            required: true,
            max: 2000,
          }),
        ],
      },
    },
    {
      ...common,
      name: 'Ask a question',
      description: 'Not sure where to start? Ask us anything.',
      icon: 'question',
      category: 'Get help',
      kind: 'service_request',
      defaultPriority: 'P4',
      position: 1,
      form: {
        fields: [
          field('topic', 'select', 'Topic', {
            help: 'Optional: helps us route your question.',
            options: ['Accounts and passwords', 'Hardware', 'Software', 'Network', 'Something else'],
          }),
        ],
      },
    },
  ];
}

/**
 * Seeds the demo catalog: five request types for a fictional company, routed to the given group.
 * @example
 * await seedDemoRequestTypes(core, { groupId: desk.id });
 */
export async function seedDemoRequestTypes(core: Core, { groupId }: { groupId: string }): Promise<RequestType[]> {
  const created: RequestType[] = [];
  for (const input of demoTypes(groupId)) created.push(await createRequestType(core, systemActor, input));
  return created;
}
