import { listRequestTypes } from '../../core/catalog/index.ts';
import type { Core } from '../../core/context.ts';
import type { MailboxInput } from '../../core/mail/index.ts';
import type { Actor } from '../../core/users/index.ts';
import { listGroups } from '../../core/users/index.ts';

/** What the mailbox form shows (the password is never shown back). */
export interface MailboxFormValues {
  name: string;
  address: string;
  imapHost: string;
  imapPort: string;
  imapTls: boolean;
  username: string;
  folder: string;
  requestTypeId: string;
  groupId: string;
  allowUnknown: boolean;
  active: boolean;
}

export const emptyMailboxValues: MailboxFormValues = {
  name: '',
  address: '',
  imapHost: '',
  imapPort: '993',
  imapTls: true,
  username: '',
  folder: 'INBOX',
  requestTypeId: '',
  groupId: '',
  allowUnknown: true,
  active: true,
};

/** The posted form as values to show again (unchecked boxes are absent from a post). */
export function mailboxValuesFromForm(form: Record<string, string>): MailboxFormValues {
  return {
    name: form['name'] ?? '',
    address: form['address'] ?? '',
    imapHost: form['imapHost'] ?? '',
    imapPort: form['imapPort'] ?? '',
    imapTls: form['imapTls'] === 'on',
    username: form['username'] ?? '',
    folder: form['folder'] ?? '',
    requestTypeId: form['requestTypeId'] ?? '',
    groupId: form['groupId'] ?? '',
    allowUnknown: form['allowUnknown'] === 'on',
    active: form['active'] === 'on',
  };
}

/** The values (and the posted password) as the core's input. */
export function mailboxInput(values: MailboxFormValues, password: string): MailboxInput {
  return { ...values, password };
}

/** The choices of the form's selects: active request types and groups. */
export async function mailboxFormOptions(
  core: Core,
  admin: Actor,
): Promise<{ requestTypes: { value: string; label: string }[]; groups: { value: string; label: string }[] }> {
  const [types, groups] = await Promise.all([listRequestTypes(core, admin), listGroups(core, admin)]);
  return {
    requestTypes: types.map((type) => ({ value: type.id, label: type.name })),
    groups: groups.map((group) => ({ value: group.id, label: group.name })),
  };
}
