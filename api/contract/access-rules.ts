/**
 * Every route of the API declares who may call it, in its `config.access`:
 * - `'public'`: no sign-in (the contract, sign-in itself, the public page);
 * - `{ roles }`: any signed-in account of these roles (`'any'`: every role);
 * - `{ roles, task: 'read' | 'act' }`, `{ roles, file: 'read' | 'act' }`: also the task (param `id`)
 *   or the one-stop file (param `code`) the route names, checked by the rule of that resource
 *   (api/access.ts) before the body is validated; the handler finds it in `request.resource`.
 * Authentication, the role check and the resource check run in these hooks only, never in handlers.
 * A route under /api/ without a rule stops the server at start (`assertAccessDeclared`).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { TaskView } from '../../workflows/task-api';
import type { FileView } from '../../domain/onestop/view';
import type { Role } from '../../storage/accounts';
import { requireRole, userOf } from '../auth';

export type ResourceAction = 'read' | 'act';
export type AccessRule = 'public' | { roles: readonly Role[] | 'any'; task?: ResourceAction; file?: ResourceAction };

/** The resource a route names, loaded once by its access check. */
export type Resource = { kind: 'task'; view: TaskView } | { kind: 'file'; view: FileView };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (api/contract/access-rules.ts). */
    access?: AccessRule;
  }
  interface FastifyRequest {
    /** The task or file the route names, as its access check loaded it. */
    resource: Resource | null;
  }
}

export class MissingAccessRuleError extends Error {
  constructor(method: string | string[], url: string) {
    super(`route ${[method].flat().join(',')} ${url} declares no access rule (config.access); every /api/ route must`);
    this.name = 'MissingAccessRuleError';
  }
}

/** True for a URL the access rules govern: the API, whatever its version. */
export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** An onRoute hook: refuses to register an /api/ route without an access rule. */
export function assertAccessDeclared(route: RouteOptions): void {
  if (!isApiUrl(route.url)) return;
  const rule = (route.config as { access?: AccessRule } | undefined)?.access;
  if (rule === undefined) throw new MissingAccessRuleError(route.method, route.url);
}

/** The rule of the route a request reached; undefined for a URL no route serves. */
export function ruleOf(request: FastifyRequest): AccessRule | undefined {
  return request.routeOptions.config?.access;
}

/** Routes outside /api/ without a rule are public pages (the dashboard's files, the public page, health). */
export function needsSignIn(request: FastifyRequest): boolean {
  const rule = ruleOf(request);
  if (rule !== undefined) return rule !== 'public';
  return isApiUrl(request.url.split('?')[0]!);
}

/** The role check, after authentication. */
export function checkRole(request: FastifyRequest): void {
  const rule = ruleOf(request);
  if (rule === undefined || rule === 'public' || rule.roles === 'any') return;
  requireRole(userOf(request), ...rule.roles);
}

export type ResourceChecks = {
  task(request: FastifyRequest, id: string, action: ResourceAction): Promise<TaskView>;
  file(request: FastifyRequest, code: string, action: ResourceAction): Promise<FileView>;
};

/** Adds the resource check (preValidation: after the role check, before the body is validated); the root decorates `request.resource`. */
export function addResourceHook(app: FastifyInstance, checks: ResourceChecks): void {
  app.addHook('preValidation', async (request) => {
    const rule = ruleOf(request);
    if (rule === undefined || rule === 'public') return;
    const params = (request.params ?? {}) as Record<string, string>;
    if (rule.task) request.resource = { kind: 'task', view: await checks.task(request, params.id ?? '', rule.task) };
    else if (rule.file) request.resource = { kind: 'file', view: await checks.file(request, params.code ?? '', rule.file) };
  });
}

/** The task the route's access rule loaded. */
export function taskOf(request: FastifyRequest): TaskView {
  if (request.resource?.kind !== 'task') throw new Error(`route ${request.routeOptions.url} reads a task without a task access rule`);
  return request.resource.view;
}

/** The file the route's access rule loaded. */
export function fileOf(request: FastifyRequest): FileView {
  if (request.resource?.kind !== 'file') throw new Error(`route ${request.routeOptions.url} reads a file without a file access rule`);
  return request.resource.view;
}
