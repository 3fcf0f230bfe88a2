// Bundles the workflow code (webpack, through the SDK's bundleWorkflowCode) in a short-lived process
// of its own and prints the bundle on standard output. Bundled in the worker's own process, webpack
// left about 50 MiB in its heap for as long as the worker ran: more memory, and more for every full
// garbage collection to mark (worker/worker.ts, issue 17). Plain JavaScript: nothing to compile.
// The bundler's warnings and errors go to standard error.
//
//   node worker/bundle-workflows.mjs '{"workflowsPath": "…", "preloadModules": ["…"]}'
import { bundleWorkflowCode } from '@temporalio/worker';

const options = JSON.parse(process.argv[2] ?? '{}');
const quiet = () => undefined;
const toStderr = (level) => (message, meta) => console.error(JSON.stringify({ level, message, ...meta }));
const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: toStderr('warn'), error: toStderr('error') };
const { code } = await bundleWorkflowCode({ ...options, logger });
process.stdout.write(code);
