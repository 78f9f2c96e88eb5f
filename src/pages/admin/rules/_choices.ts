import { actionTypes, conditionFields, conditionOperators, ruleEvents } from '../../../core/automation/index.ts';
import { listRequestTypes } from '../../../core/catalog/index.ts';
import type { Core } from '../../../core/context.ts';
import { channels, priorities, ticketKinds, ticketStatuses } from '../../../core/tickets/index.ts';
import type { User } from '../../../core/users/index.ts';
import { listGroups, listOrganisations, listUsers } from '../../../core/users/index.ts';
import { listWebhooks } from '../../../core/webhooks/index.ts';
import type { Translate } from '../../../i18n/index.ts';

export interface Option {
  value: string;
  label: string;
}
export interface OptionGroup {
  label: string;
  options: Option[];
}

/** Everything the rule form offers in its lists, and the set of listed values (to tell picked from typed). */
export interface RuleChoices {
  events: Option[];
  fields: Option[];
  operators: Option[];
  conditionValues: OptionGroup[];
  actionTypes: Option[];
  actionValues: OptionGroup[];
  listed: Set<string>;
  /** Labels of ids, for the list page. */
  names: Map<string, string>;
}

export async function loadRuleChoices(core: Core, admin: User, t: Translate): Promise<RuleChoices> {
  const [groups, agents, admins, types, organisations, webhooks] = await Promise.all([
    listGroups(core, admin),
    listUsers(core, admin, { role: 'agent', active: true, limit: 200 }),
    listUsers(core, admin, { role: 'admin', active: true, limit: 200 }),
    listRequestTypes(core, admin, { includeInactive: true }),
    listOrganisations(core, admin),
    listWebhooks(core, admin),
  ]);
  const staff = [...agents.users, ...admins.users].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const plain = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
  const groupOptions = groups.map((group) => ({ value: group.id, label: group.name }));
  const staffOptions = staff.map((user) => ({ value: user.id, label: user.name }));
  const formFields = new Map<string, string>();
  for (const type of types) for (const field of type.form.fields) formFields.set(field.id, field.label);
  const conditionValues: OptionGroup[] = [
    { label: t('admin.rules.values.none'), options: [{ value: 'none', label: t('admin.rules.values.nobody') }] },
    { label: t('admin.rules.values.status'), options: plain(ticketStatuses) },
    { label: t('admin.rules.values.priority'), options: plain(priorities) },
    { label: t('admin.rules.values.kind'), options: plain(ticketKinds) },
    { label: t('admin.rules.values.channel'), options: plain(channels) },
    { label: t('admin.rules.values.group'), options: groupOptions },
    { label: t('admin.rules.values.agent'), options: staffOptions },
    {
      label: t('admin.rules.values.requestType'),
      options: types.map((type) => ({ value: type.id, label: type.name })),
    },
    {
      label: t('admin.rules.values.organisation'),
      options: organisations.map((o) => ({ value: o.id, label: o.name })),
    },
    { label: t('admin.rules.values.yesNo'), options: plain(['true', 'false']) },
  ];
  const actionValues: OptionGroup[] = [
    { label: t('admin.rules.values.group'), options: groupOptions },
    {
      label: t('admin.rules.values.agent'),
      options: [
        { value: 'round_robin', label: t('admin.rules.values.roundRobin') },
        { value: 'least_loaded', label: t('admin.rules.values.leastLoaded') },
        ...staffOptions,
      ],
    },
    { label: t('admin.rules.values.priority'), options: plain(priorities) },
    { label: t('admin.rules.values.status'), options: plain(['open', 'pending', 'resolved', 'closed']) },
    {
      label: t('admin.rules.values.recipient'),
      options: [
        { value: 'requester', label: t('admin.rules.values.requester') },
        { value: 'assignee', label: t('admin.rules.values.assignee') },
      ],
    },
    { label: t('admin.rules.values.webhook'), options: webhooks.map((hook) => ({ value: hook.id, label: hook.url })) },
  ];
  const all = [...conditionValues, ...actionValues].flatMap((group) => group.options);
  return {
    events: ruleEvents.map((event) => ({ value: event, label: event })),
    fields: [
      { value: '', label: t('admin.rules.row.unused') },
      ...conditionFields.map((field) => ({ value: field, label: t(`admin.rules.field.${field}`) })),
      ...[...formFields].map(([id, label]) => ({
        value: `fields.${id}`,
        label: t('admin.rules.field.form', { label, id }),
      })),
    ],
    operators: conditionOperators.map((value) => ({ value, label: t(`admin.rules.operator.${value}`) })),
    conditionValues,
    actionTypes: [
      { value: '', label: t('admin.rules.row.unused') },
      ...actionTypes.map((type) => ({ value: type, label: t(`admin.rules.action.${type}`) })),
    ],
    actionValues,
    listed: new Set(all.map((option) => option.value)),
    names: new Map(all.map((option) => [option.value, option.label])),
  };
}
