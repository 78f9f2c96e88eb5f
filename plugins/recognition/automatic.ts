import { newId } from './people.ts';
import { recordPoints } from './points.ts';
import type { RecognitionContext } from './settings.ts';

/**
 * The parts of other plugins' events these handlers read. The csat and training plugins declare the
 * events themselves (PluginEvents); these shapes only say what is used, so either can evolve freely.
 */
export interface CsatResponse {
  responseId: string;
  rating: number;
  agentId: string | null;
}

export interface TrainingCompletion {
  assignmentId: string;
  moduleTitle: string;
  userId: string;
}

/**
 * A 5-star rating credits the ticket's agent `csatFiveStarPoints` (reason 'csat'), once per response
 * however often the event arrives. Off when the `autoCsat` setting is off.
 */
export async function handleCsatResponded(
  ctx: RecognitionContext,
  payload: CsatResponse,
  at = new Date(),
): Promise<boolean> {
  if (!ctx.settings.autoCsat || payload.rating !== 5 || !payload.agentId) return false;
  const points = ctx.settings.csatFiveStarPoints;
  if (points <= 0) return false;
  const agent = await ctx.core.users.get(payload.agentId);
  if (!agent || agent.role === 'customer') return false;
  const credited = await recordPoints(
    ctx.db,
    { userId: payload.agentId, points, reason: 'csat', referenceId: payload.responseId },
    at,
  );
  if (credited)
    ctx.log.info({ userId: payload.agentId, responseId: payload.responseId, points }, '5-star rating credited');
  return credited;
}

/**
 * Completed training earns the badge "Trained: <module>" and `trainingPoints` (reason 'training'),
 * once per assignment. Off when the `autoTraining` setting is off.
 */
export async function handleTrainingCompleted(
  ctx: RecognitionContext,
  payload: TrainingCompletion,
  at = new Date(),
): Promise<boolean> {
  if (!ctx.settings.autoTraining) return false;
  const name = `Trained: ${payload.moduleTitle}`.slice(0, 200);
  const points = ctx.settings.trainingPoints;
  return ctx.db.transaction().execute(async (trx) => {
    const badge = await trx
      .insertInto('plugin_recognition_badges')
      .values({
        id: newId(),
        user_id: payload.userId,
        name,
        source: 'training',
        reference_id: payload.assignmentId,
        created_at: at.toISOString(),
      })
      .onConflict((oc) => oc.columns(['source', 'reference_id']).doNothing())
      .executeTakeFirst();
    const awarded = Number(badge.numInsertedOrUpdatedRows ?? 0) > 0;
    if (awarded && points > 0) {
      await recordPoints(
        trx,
        { userId: payload.userId, points, reason: 'training', referenceId: payload.assignmentId },
        at,
      );
    }
    return awarded;
  });
}
