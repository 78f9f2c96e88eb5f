/**
 * What a plugin's pages, slot components and actions import:
 * `import { usePluginPage, Layout } from 'portico/plugin-api/web'`. Only the web bundle can load this
 * module (it reaches Astro); a plugin's index.ts imports `portico/plugin-api` instead.
 */
import type { ActionAPIContext } from 'astro:actions';
import { ActionError } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { isPluginEnabled, pluginContext, userCan } from '../core/plugins/index.ts';
import type { PortalUser, Role } from './core-api.ts';
import type { PluginContext, PluginDefinition, SettingsOf } from './types.ts';

export { defineAction, ActionError, isInputError, isActionError } from 'astro:actions';
export { default as Layout } from '../layouts/Base.astro';
export { default as Field } from '../components/Field.astro';
export { default as TextareaField } from '../components/TextareaField.astro';
export { default as SelectField } from '../components/SelectField.astro';
export { default as Notice } from '../components/Notice.astro';
export { default as FormProblem } from '../components/FormProblem.astro';
export { readForm, formProblem } from '../server/forms.ts';
export type { FormProblem as FormProblemValue } from '../server/forms.ts';
export { PorticoError as PluginError } from '../core/errors.ts';

/** What a plugin page works with once its guard passed. */
export interface PluginPage<Settings> {
  /** The signed-in user (null on a page open to everyone). */
  user: PortalUser | null;
  ctx: PluginContext<Settings>;
}

const rank: Record<Role, number> = { customer: 0, agent: 1, admin: 2 };

export interface PageAccess {
  /** The least role that may open the page; anonymous visitors are sent to sign in. Open to all when unset. */
  role?: Role;
  /** A permission the user must hold (`<id>.<verb>`); others get a 404. */
  permission?: string;
}

function portalUser(astro: { locals: App.Locals }): PortalUser | null {
  const user = astro.locals.user;
  return user
    ? {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        organisationId: user.organisationId,
        active: user.active,
      }
    : null;
}

/**
 * The guard at the top of every plugin page: a 404 when the plugin is not enabled (an admin disabled
 * it, or safe mode), a sign-in redirect or 404 when the visitor may not open it; else the user and the
 * plugin's context.
 * @example
 * ---
 * import plugin from '../index.ts';
 * const page = await usePluginPage(Astro, plugin, { role: 'agent' });
 * if (page instanceof Response) return page;
 * const { user, ctx } = page;
 * ---
 */
export async function usePluginPage<Definition extends PluginDefinition>(
  astro: AstroGlobal,
  plugin: Definition,
  access: PageAccess = {},
): Promise<PluginPage<SettingsOf<Definition>> | Response> {
  const core = astro.locals.core;
  if (!(await isPluginEnabled(core, plugin.id))) return new Response(null, { status: 404 });
  const user = portalUser(astro);
  if ((access.role || access.permission) && !user) {
    return astro.redirect(`/login?next=${encodeURIComponent(astro.url.pathname + astro.url.search)}`, 303);
  }
  if (access.role && (!user || rank[user.role] < rank[access.role])) return new Response(null, { status: 404 });
  if (access.permission && !(await userCan(core, user, access.permission))) {
    return new Response(null, { status: 404 });
  }
  const definition = core.plugins.find(plugin.id)?.definition ?? plugin;
  return { user, ctx: (await pluginContext(core, definition)) as PluginContext<SettingsOf<Definition>> };
}

/**
 * A slot component's context: the plugin's context and the viewer. Slots render only for enabled
 * plugins, so no guard is needed.
 * @example
 * const { ctx } = await useSlot(Astro, plugin);
 */
export async function useSlot<Definition extends PluginDefinition>(
  astro: AstroGlobal,
  plugin: Definition,
): Promise<PluginPage<SettingsOf<Definition>>> {
  const core = astro.locals.core;
  const definition = core.plugins.find(plugin.id)?.definition ?? plugin;
  return {
    user: portalUser(astro),
    ctx: (await pluginContext(core, definition)) as PluginContext<SettingsOf<Definition>>,
  };
}

/**
 * The guard at the top of every plugin action's handler, like usePluginPage: throws NOT_FOUND when the
 * plugin is not enabled or the caller may not use it, UNAUTHORIZED when nobody is signed in.
 * @example
 * handler: async (input, context) => {
 *   const { user, ctx } = await usePluginAction(context, plugin, { role: 'customer' });
 * }
 */
export async function usePluginAction<Definition extends PluginDefinition>(
  context: ActionAPIContext,
  plugin: Definition,
  access: PageAccess = {},
): Promise<PluginPage<SettingsOf<Definition>>> {
  const core = context.locals.core;
  if (!(await isPluginEnabled(core, plugin.id))) throw new ActionError({ code: 'NOT_FOUND', message: 'Not found.' });
  const user = portalUser(context);
  if ((access.role || access.permission) && !user) {
    throw new ActionError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  }
  if (access.role && (!user || rank[user.role] < rank[access.role])) {
    throw new ActionError({ code: 'NOT_FOUND', message: 'Not found.' });
  }
  if (access.permission && !(await userCan(core, user, access.permission))) {
    throw new ActionError({ code: 'NOT_FOUND', message: 'Not found.' });
  }
  const definition = core.plugins.find(plugin.id)?.definition ?? plugin;
  return { user, ctx: (await pluginContext(core, definition)) as PluginContext<SettingsOf<Definition>> };
}
