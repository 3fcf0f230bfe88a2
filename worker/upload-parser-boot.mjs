// Entry of an upload-parser thread: the project runs TypeScript through tsx, which a worker thread
// does not inherit, so this plain module registers it and loads the thread's TypeScript code.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
