import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor, User } from '../users/index.ts';
import { agentNotificationTopics } from './templates.ts';
import type { AgentTopic } from './templates.ts';

/** Which agent notifications someone receives, by topic; every topic is on until turned off. */
export type NotificationPreferences = Record<AgentTopic, boolean>;

function assertStaffUser(actor: Actor | null): asserts actor is User & { role: 'agent' | 'admin' } {
  if (!actor) throw new PorticoError('unauthenticated', 'Sign in to continue.');
  if (actor.role !== 'agent' && actor.role !== 'admin') {
    throw new PorticoError('not_found', 'No such page.', { hint: 'Only agents have notification preferences.' });
  }
}

async function storedPreferences(db: Db, userId: string): Promise<NotificationPreferences> {
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['topic', 'enabled'])
    .where('user_id', '=', userId)
    .execute();
  const preferences = Object.fromEntries(
    agentNotificationTopics.map((topic) => [topic, true]),
  ) as NotificationPreferences;
  for (const row of rows) {
    if ((agentNotificationTopics as readonly string[]).includes(row.topic)) {
      preferences[row.topic as AgentTopic] = Number(row.enabled) === 1;
    }
  }
  return preferences;
}

/** The user ids, of those given, who turned a topic off (no permission check: for the event handlers). */
export async function usersWithTopicOff(db: Db, userIds: string[], topic: AgentTopic): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('notification_preferences')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('topic', '=', topic)
    .where('enabled', '=', 0)
    .execute();
  return new Set(rows.map((row) => row.user_id));
}

/** The signed-in agent's or admin's own preferences; customers have none (not_found). */
export async function getNotificationPreferences(core: Core, actor: Actor | null): Promise<NotificationPreferences> {
  assertStaffUser(actor);
  return storedPreferences(core.db, actor.id);
}

/** Changes the signed-in agent's own preferences; topics left out keep their value. */
export async function setNotificationPreferences(
  core: Core,
  actor: Actor | null,
  changes: Partial<Record<string, boolean>>,
): Promise<NotificationPreferences> {
  assertStaffUser(actor);
  const unknown = Object.keys(changes).filter(
    (topic) => !(agentNotificationTopics as readonly string[]).includes(topic),
  );
  if (unknown.length > 0) {
    throw new PorticoError('invalid_input', `Unknown notification: ${unknown.join(', ')}.`, {
      hint: `Use ${agentNotificationTopics.join(', ')}.`,
      details: { fields: Object.fromEntries(unknown.map((topic) => [topic, 'Unknown notification.'])) },
    });
  }
  const updatedAt = nowStored();
  await core.db.transaction().execute(async (trx) => {
    for (const topic of agentNotificationTopics) {
      const value = changes[topic];
      if (value === undefined) continue;
      const enabled = value ? 1 : 0;
      await trx
        .insertInto('notification_preferences')
        .values({ user_id: actor.id, topic, enabled, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(['user_id', 'topic']).doUpdateSet({ enabled, updated_at: updatedAt }))
        .execute();
    }
  });
  return storedPreferences(core.db, actor.id);
}
