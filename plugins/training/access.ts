import type { PortalUser } from 'portico/plugin-api';
import { TrainingError } from './errors.ts';
import { permissions } from './settings.ts';
import type { TrainingContext } from './settings.ts';

/** Throws forbidden unless the user may manage modules and assignments. */
export async function assertCanManage(ctx: TrainingContext, actor: PortalUser | null): Promise<PortalUser> {
  if (!actor || !(await ctx.can(actor, permissions.manage))) {
    throw new TrainingError('forbidden', 'You may not manage training.', {
      hint: `Ask an administrator for the ${permissions.manage} permission.`,
    });
  }
  return actor;
}

/** Throws forbidden unless the user may see training reports. */
export async function assertCanReport(ctx: TrainingContext, actor: PortalUser | null): Promise<PortalUser> {
  if (!actor || !(await ctx.can(actor, permissions.report))) {
    throw new TrainingError('forbidden', 'You may not see training reports.', {
      hint: `Ask an administrator for the ${permissions.report} permission.`,
    });
  }
  return actor;
}

/** Whether a user is staff (agents and admins take training; customers never do). */
export function isStaff(user: PortalUser): boolean {
  return user.role === 'agent' || user.role === 'admin';
}
