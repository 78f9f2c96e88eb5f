/** Who a template is written for: customers get portal links, agents get desk links. */
export type Audience = 'customer' | 'agent';

/** The preference an agent turns off to stop a template's mail; customers' mails have none. */
export type AgentTopic = 'assigned' | 'customer_replied' | 'mention' | 'sla';

export interface TemplateDefinition {
  key: TemplateKey;
  audience: Audience;
  topic: AgentTopic | null;
  subject: string;
  text: string;
  /** The placeholders this template may use. */
  placeholders: readonly string[];
}

export const notificationTemplateKeys = [
  'request.received',
  'request.replied',
  'request.waiting',
  'request.resolved',
  'agent.assigned',
  'agent.customer_replied',
  'agent.mention',
  'agent.sla_at_risk',
  'agent.sla_breached',
] as const;
export type TemplateKey = (typeof notificationTemplateKeys)[number];

export const agentNotificationTopics = [
  'assigned',
  'customer_replied',
  'mention',
  'sla',
] as const satisfies readonly AgentTopic[];

const common = [
  'ticket.reference',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'requester.name',
  'recipient.name',
  'link',
  'portal.name',
];
const withMessage = [...common, 'message.body', 'message.author'];
const withSla = [...common, 'sla.target', 'sla.due'];

const signature = '\n\n— {{portal.name}}';

/** The default subject and text of every notification; admins may override both per template. */
export const defaultTemplates: Record<TemplateKey, TemplateDefinition> = {
  'request.received': {
    key: 'request.received',
    audience: 'customer',
    topic: null,
    subject: '[{{ticket.reference}}] We received your request: {{ticket.subject}}',
    text:
      'Hello {{recipient.name}},\n\nWe received your request "{{ticket.subject}}" ({{ticket.reference}}) and will get back to you soon.\n\n' +
      'Follow it or add details here: {{link}}' +
      signature,
    placeholders: common,
  },
  'request.replied': {
    key: 'request.replied',
    audience: 'customer',
    topic: null,
    subject: '[{{ticket.reference}}] New reply: {{ticket.subject}}',
    text:
      'Hello {{recipient.name}},\n\n{{message.author}} replied to your request "{{ticket.subject}}":\n\n{{message.body}}\n\n' +
      'Read the conversation and answer here: {{link}}' +
      signature,
    placeholders: withMessage,
  },
  'request.waiting': {
    key: 'request.waiting',
    audience: 'customer',
    topic: null,
    subject: '[{{ticket.reference}}] Waiting for your answer: {{ticket.subject}}',
    text:
      'Hello {{recipient.name}},\n\nWe need something from you to go on with your request "{{ticket.subject}}".\n\n' +
      'Please answer here: {{link}}' +
      signature,
    placeholders: common,
  },
  'request.resolved': {
    key: 'request.resolved',
    audience: 'customer',
    topic: null,
    subject: '[{{ticket.reference}}] Resolved: {{ticket.subject}}',
    text:
      'Hello {{recipient.name}},\n\nYour request "{{ticket.subject}}" has been resolved.\n\n' +
      'Not solved after all? Reply within 7 days and it reopens: {{link}}' +
      signature,
    placeholders: common,
  },
  'agent.assigned': {
    key: 'agent.assigned',
    audience: 'agent',
    topic: 'assigned',
    subject: '[{{ticket.reference}}] Assigned to you: {{ticket.subject}}',
    text:
      'Hello {{recipient.name}},\n\n{{ticket.reference}} "{{ticket.subject}}" from {{requester.name}} ({{ticket.priority}}) is now assigned to you.\n\n' +
      '{{link}}',
    placeholders: common,
  },
  'agent.customer_replied': {
    key: 'agent.customer_replied',
    audience: 'agent',
    topic: 'customer_replied',
    subject: '[{{ticket.reference}}] {{requester.name}} replied: {{ticket.subject}}',
    text: 'Hello {{recipient.name}},\n\n{{message.author}} replied on {{ticket.reference}}:\n\n{{message.body}}\n\n{{link}}',
    placeholders: withMessage,
  },
  'agent.mention': {
    key: 'agent.mention',
    audience: 'agent',
    topic: 'mention',
    subject: '[{{ticket.reference}}] {{message.author}} mentioned you: {{ticket.subject}}',
    text: 'Hello {{recipient.name}},\n\n{{message.author}} mentioned you in an internal note on {{ticket.reference}}:\n\n{{message.body}}\n\n{{link}}',
    placeholders: withMessage,
  },
  'agent.sla_at_risk': {
    key: 'agent.sla_at_risk',
    audience: 'agent',
    topic: 'sla',
    subject: '[{{ticket.reference}}] SLA at risk: {{ticket.subject}}',
    text: 'Hello {{recipient.name}},\n\nThe {{sla.target}} target of {{ticket.reference}} "{{ticket.subject}}" is due {{sla.due}}.\n\n{{link}}',
    placeholders: withSla,
  },
  'agent.sla_breached': {
    key: 'agent.sla_breached',
    audience: 'agent',
    topic: 'sla',
    subject: '[{{ticket.reference}}] SLA breached: {{ticket.subject}}',
    text: 'Hello {{recipient.name}},\n\nThe {{sla.target}} target of {{ticket.reference}} "{{ticket.subject}}" was due {{sla.due}} and has been missed.\n\n{{link}}',
    placeholders: withSla,
  },
};

export function isTemplateKey(value: string): value is TemplateKey {
  return (notificationTemplateKeys as readonly string[]).includes(value);
}
