/**
 * The worker's workflow bundle is built in a child process (worker/bundle-workflows.mjs): webpack
 * never runs in the worker's own process, where it left about 50 MiB in the heap for good (issue 17).
 * The bundle it returns is the one the worker runs, preload included.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { workflowBundle } from '../../worker/worker';
import { PRELOAD_MARKER } from '../../workflows/preload';

const require = createRequire(import.meta.url);
/** Whether webpack's compiler is loaded in this process (the SDK imports only webpack's index up front). */
const webpackCompilerLoaded = () => Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/]webpack[\\/]lib[\\/]Compiler\.js$/.test(path));

describe('the workflow bundle', () => {
  it('is built in a child process: this process never loads webpack', async () => {
    const bundle = await workflowBundle();
    expect('code' in bundle && bundle.code).toContain(PRELOAD_MARKER);
    expect(webpackCompilerLoaded()).toBe(false);
    // The check can see it: bundling in this process loads the compiler.
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    const quiet = () => undefined;
    await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows/digest.ts'),
      logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
    expect(webpackCompilerLoaded()).toBe(true);
  }, 180_000);
});
