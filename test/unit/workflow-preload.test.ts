/**
 * The worker's preload is real: the workflow bundle, built exactly as the worker builds it, evaluates
 * zod, the domain modules and the workflow modules once in its preload, before any workflow, so that
 * workflows share them instead of evaluating them again each (issue 17: a bare
 * `preloadModules: ['zod']` was silently bundled as an empty function). Shared modules keep no
 * state at module scope.
 */
import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '../../worker/worker';
import { PRELOAD_MARKER } from '../../workflows/preload';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let built: Promise<WorkflowBundleWithSourceMap> | undefined;
const bundle = () => (built ??= bundleWorkflowCode(workflowBundleOptions()));

type WebpackModule = { exports: Record<string, unknown> };

/**
 * Runs the bundle's `preloadModules()` the way the worker's reusable V8 context does: before any
 * workflow, into the shared module cache, which it then deep-freezes (as the SDK's `deepFreeze`:
 * own properties, functions included, errors swallowed per property). Returns the shared modules.
 */
function preload(code: string): { modules: Map<string, WebpackModule>; evaluations: Map<string, number> } {
  const evaluations = new Map<string, number>();
  const modules = new Map<string, WebpackModule>();
  const cache = new Proxy({} as Record<string, WebpackModule>, {
    get: (_, id: string) => modules.get(id),
    set(_, id: string, module: WebpackModule) {
      evaluations.set(id, (evaluations.get(id) ?? 0) + 1);
      modules.set(id, module);
      return true;
    },
  });
  const context = vm.createContext({ __webpack_module_cache__: cache });
  vm.runInContext(code, context);
  vm.runInContext('__TEMPORAL__.preloadModules()', context);
  vm.runInContext('__TEMPORAL__.preloadModules()', context);
  for (const module of modules.values()) deepFreeze(module);
  return { modules, evaluations };
}

function deepFreeze(object: unknown, visited = new WeakSet<object>()): unknown {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function') || visited.has(object)) return object;
  visited.add(object);
  if (Object.isFrozen(object)) return object;
  if (typeof object === 'object') {
    for (const name of [...Object.getOwnPropertyNames(object), ...Object.getOwnPropertySymbols(object)]) {
      const value = (object as Record<string | symbol, unknown>)[name];
      if (value && (typeof value === 'object' || typeof value === 'function')) {
        try {
          deepFreeze(value, visited);
        } catch {
          // as the SDK: some objects cannot be frozen
        }
      }
    }
  }
  return Object.freeze(object);
}

describe('workflow bundle preload', () => {
  it('contains the preload module, and zod inside the preload', async () => {
    const { code } = await bundle();
    expect(code).toContain(PRELOAD_MARKER);
    const body = /exports\.preloadModules = function preloadModules\(\) \{([\s\S]*?)\n\}/.exec(code)?.[1] ?? '';
    expect(body).toMatch(/__webpack_require__\(.*workflows\/preload\.ts/);
  }, 120_000);

  it('evaluates zod and the domain modules once, in the preload, before any workflow', async () => {
    const { code } = await bundle();
    const { modules, evaluations } = preload(code);
    const ids = [...modules.keys()];
    expect(ids.some((id) => id.endsWith('workflows/preload.ts'))).toBe(true);
    expect(ids.filter((id) => id.includes('node_modules/zod/')).length).toBeGreaterThan(10);
    for (const used of ['domain/dates.ts', 'domain/policy.ts', 'domain/agenda.ts', 'domain/workdays.ts', 'domain/catch-up.ts', 'domain/onestop/clock.ts']) {
      expect(ids.some((id) => id.endsWith(used))).toBe(true);
    }
    expect([...evaluations].filter(([, times]) => times !== 1)).toEqual([]);
    // The workflow modules are shared too (a run's state lives in its run object, not at module scope).
    for (const shared of ['workflows/index.ts', 'workflows/task.ts', 'workflows/onestop-file.ts', 'workflows/run-loop.ts', 'workflows/task-api.ts']) {
      expect(ids.some((id) => id.endsWith(shared))).toBe(true);
    }
  }, 120_000);

  it('shares only modules that keep no state at module scope: no top-level let or var, no collection changed after load', async () => {
    const { code } = await bundle();
    const projectModules = [...preload(code).modules.keys()].filter((id) => !id.includes('node_modules')).map((id) => id.replace(/^\.\//, ''));
    expect(projectModules.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const file of projectModules) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      for (const match of source.matchAll(/^(?:export )?(let|var) (\w+)/gm)) problems.push(`${file}: top-level ${match[1]} ${match[2]}`);
      // Collections and objects declared at the top level must be read only.
      for (const [, name] of source.matchAll(/^(?:export )?const (\w+)(?::[^=]+)? = (?:new (?:Map|Set|WeakMap|WeakSet|Array)\b|\[|\{)/gm)) {
        const changed = new RegExp(`\\b${name}(?:\\.(?:set|add|delete|clear|push|pop|shift|unshift|splice|sort)\\(|(?:\\.\\w+|\\[[^\\]]+\\])\\s*=[^=])`);
        if (changed.test(source)) problems.push(`${file}: ${name} is changed after load`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps the shared schemas usable once the worker has frozen the shared modules', async () => {
    const { code } = await bundle();
    const { modules } = preload(code);
    const exportsOf = (path: string) => [...modules].find(([id]) => id.endsWith(path))![1].exports;
    const { TaskPolicySchema } = exportsOf('domain/policy.ts') as { TaskPolicySchema: { parse(v: unknown): { officeHour: string } } };
    const { IsoDateSchema } = exportsOf('domain/dates.ts') as { IsoDateSchema: { safeParse(v: unknown): { success: boolean } } };
    expect(TaskPolicySchema.parse({ officeHour: '08:30' }).officeHour).toBe('08:30');
    expect(TaskPolicySchema.parse({}).officeHour).toMatch(/^\d{2}:\d{2}$/);
    expect(IsoDateSchema.safeParse('2026-02-30').success).toBe(false);
    expect(IsoDateSchema.safeParse('2026-02-27').success).toBe(true);
  }, 120_000);
});
