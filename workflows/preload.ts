/**
 * Evaluated once per worker, before any workflow, so that every workflow shares one copy of zod's
 * code, of the domain modules and of the workflow modules themselves, instead of evaluating them
 * again each (worker/worker.ts, `preloadModules`; issue 17).
 *
 * The workflow modules (workflows/index.ts and what it imports) can be shared because they keep no
 * state at module scope: a run's state lives in its `TaskRun` / `FileRun` object. At module scope
 * they only declare functions, classes, constants read and never changed, message definitions
 * (`defineUpdate`, …) and activity proxies, none of which needs a running workflow. Sharing them
 * took 160 MiB off the worker's RSS with 2,000 open tasks and 40% off the CPU a start costs it
 * (bench/worker-cost.bench.ts). A module added to the workflows must keep to this
 * (test/unit/workflow-preload.test.ts checks their top level).
 *
 * Why a module of our own: zod's package.json declares `sideEffects`, so the bundler drops a bare
 * `preloadModules: ['zod']` and the preload becomes an empty function. This module uses what it
 * imports (a call the bundler must keep).
 *
 * Shared modules are deep-frozen by the worker's reusable V8 context, and a frozen zod schema can
 * no longer be used (zod defines `parse` on first use). The domain's schemas are built on first
 * use (domain/lazy.ts), whose proxies neither list nor freeze an unbuilt schema: the schema is
 * built, unfrozen, by the first workflow that validates something, and then shared. So a module
 * listed here must build no schema at load time, and keep no state but pure caches.
 */
import { z } from 'zod';
import * as agenda from '../domain/agenda';
import * as backdating from '../domain/backdating';
import * as catchUp from '../domain/catch-up';
import * as dates from '../domain/dates';
import * as occurrences from '../domain/deadline/occurrences';
import * as inputLimits from '../domain/input-limits';
import * as text from '../domain/messages/text';
import * as apology from '../domain/onestop/apology';
import * as clock from '../domain/onestop/clock';
import * as notices from '../domain/onestop/notices';
import * as filePolicy from '../domain/onestop/policy';
import * as publication from '../domain/onestop/publication';
import * as report from '../domain/onestop/report';
import * as policy from '../domain/policy';
import * as taskInputs from '../domain/task-inputs';
import * as workdays from '../domain/workdays';
import * as workflows from './index';

/**
 * How many frames an error in workflow code records. The SDK records a stack for every promise a
 * workflow creates (its stack-trace query), each frame mapped through the bundle's source map: the
 * workflow thread's largest cost after the workflow code itself. Four frames keep the place that
 * created a promise or threw an error and its caller, for a fifth less CPU on the workflow thread per
 * fired reminder (4.07 → 3.29 ms) and a sixth less per started task (8.07 → 6.79 ms; issue 17,
 * bench/worker-cost.bench.ts).
 * V8's default is 10. Set here, in the context every workflow shares; a stack is not a command, so
 * replay is unchanged. test/workflow/stack-traces.test.ts checks it holds in a running worker.
 */
export const WORKFLOW_STACK_FRAMES = 4;
(Error as { stackTraceLimit: number }).stackTraceLimit = WORKFLOW_STACK_FRAMES;

/** Found in the bundle by test/unit/workflow-preload.test.ts: proof that this module is preloaded. */
export const PRELOAD_MARKER = 'dondoc-workflow-preload:v1';

const modules = [agenda, backdating, catchUp, dates, occurrences, inputLimits, text, apology, clock, notices, filePolicy, publication, report, policy, taskInputs, workdays, workflows];

// Uses zod and every module (a side effect the bundler keeps), with a throwaway schema: zod's
// lazily built internals (its core classes, the locale's error map) are built here, once.
z.object({ marker: z.string().min(1), modules: z.number().int() }).parse({ marker: PRELOAD_MARKER, modules: modules.length });
