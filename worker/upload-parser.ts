/**
 * Uploads parsed off the main event loop. A 100,000-row workbook takes the importer tens of seconds;
 * on the API's event loop that stops /healthz, every other request and (in `npm start`, which runs
 * the worker in the same process) every reminder. Here each upload is parsed in a worker thread, at
 * most POOL_SIZE at a time, with a row cap (checked before the heavy parse), a time limit and a
 * memory limit. Every refusal is an ImportError (Vietnamese, names the file): answer it with 422.
 *
 *   parsePlanUpload({ fileName, data, directory, options })  → Promise<ImportResult>   (as importPlanFile)
 *   parseOneStopCsvUpload({ fileName, data, directory })     → Promise<OneStopCsvFiles> ({ files, problems })
 *
 * Threads are started on first use, kept for the next upload, and never keep the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { Directory } from '../domain/directory';
import { safeUploadName, UPLOAD_LIMITS, type UploadLimits } from '../domain/import/upload';
import { ImportError, type ImportResult, type PlanOptions, type Problem } from '../domain/import/types';
import type { OneStopCsvFiles } from '../domain/onestop/csv-files';
import { vietnameseNumber } from '../domain/input-limits';

export { safeUploadName, UPLOAD_LIMITS, type UploadLimits } from '../domain/import/upload';

const POOL_SIZE = 2;
/** Heap of one parser thread; a zip bomb or a monstrous sheet ends the thread, not the process. */
const MAX_HEAP_MB = 768;

type JobBody =
  | { kind: 'plan'; fileName: string; data: Uint8Array; directory: Directory; options?: PlanOptions; limits: UploadLimits }
  | { kind: 'one-stop-csv'; fileName: string; data: Uint8Array; directory: Directory; limits: UploadLimits };
export type UploadJob = JobBody & { id: number };
export type UploadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; problems: Problem[] } | { id: number; ok: false; error: string };

type Pending = { job: UploadJob; resolve: (value: unknown) => void; reject: (err: Error) => void };
type Slot = { worker: Worker; current: Pending | null; timer: NodeJS.Timeout | null };

const ENTRY = new URL('./upload-parser-thread.ts', import.meta.url).href;
const BOOT = new URL('./upload-parser-boot.mjs', import.meta.url);

const slots: Slot[] = [];
const queue: Pending[] = [];
let nextId = 1;

function importError(file: string, message: string): ImportError {
  return new ImportError([{ file, row: 0, column: null, message, severity: 'error' }]);
}

function startSlot(): Slot {
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY }, resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB } });
  worker.unref();
  const slot: Slot = { worker, current: null, timer: null };
  worker.on('message', (reply: UploadReply) => {
    const pending = slot.current;
    if (!pending || pending.job.id !== reply.id) return;
    finish(slot);
    if (reply.ok) pending.resolve(reply.result);
    else if ('problems' in reply) pending.reject(new ImportError(reply.problems));
    else pending.reject(new Error(`upload parser failed: ${reply.error}`));
    next();
  });
  worker.on('error', (err: Error & { code?: string }) => {
    const pending = slot.current;
    retire(slot);
    if (pending) {
      pending.reject(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? importError(pending.job.fileName, `Tệp ${pending.job.fileName} quá lớn để xử lý (vượt ${MAX_HEAP_MB} MB bộ nhớ); hãy chia thành nhiều tệp nhỏ hơn.`)
          : err,
      );
    }
    next();
  });
  worker.on('exit', () => {
    const pending = slot.current;
    retire(slot);
    if (pending) pending.reject(new Error('upload parser thread exited'));
    next();
  });
  slots.push(slot);
  return slot;
}

function finish(slot: Slot): void {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  slot.current = null;
  slot.worker.unref();
}

function retire(slot: Slot): void {
  finish(slot);
  const at = slots.indexOf(slot);
  if (at >= 0) slots.splice(at, 1);
}

function next(): void {
  while (queue.length > 0) {
    const slot = slots.find((s) => s.current === null) ?? (slots.length < POOL_SIZE ? startSlot() : undefined);
    if (!slot) return;
    const pending = queue.shift()!;
    slot.current = pending;
    // Keep the process alive while a client waits for the answer.
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      retire(slot);
      void slot.worker.terminate();
      const seconds = Math.max(1, Math.ceil(pending.job.limits.timeoutMs / 1000));
      pending.reject(
        importError(
          pending.job.fileName,
          `Tệp ${pending.job.fileName} cần hơn ${vietnameseNumber(seconds)} giây để đọc, vượt giới hạn mỗi lần nhập; hãy chia thành nhiều tệp nhỏ hơn.`,
        ),
      );
      next();
    }, pending.job.limits.timeoutMs);
    const { data } = pending.job;
    slot.worker.postMessage(pending.job, [data.buffer as ArrayBuffer]);
  }
}

function submit<T>(body: JobBody): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ job: { ...body, id: nextId++ }, resolve: resolve as (value: unknown) => void, reject });
    next();
  });
}

/** A private copy of the bytes, whose buffer can be handed to the thread. */
function own(data: Uint8Array): Uint8Array {
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}

export type PlanUploadInput = {
  /** The name the client gave; refused (ImportError) when it is empty, "." or ".." once cleaned. */
  fileName: unknown;
  data: Uint8Array;
  directory: Directory;
  /** Plan facts given with the upload (year, jurisdiction …), as for importPlanFile. */
  options?: PlanOptions;
};

/**
 * Parses a plan upload (.xlsx, .csv, .txt) in a worker thread: the same result as importPlanFile on
 * that file. Rejects with ImportError when the name, content, size or parse time is not acceptable.
 */
export async function parsePlanUpload(input: PlanUploadInput, limits: UploadLimits = UPLOAD_LIMITS): Promise<ImportResult> {
  const fileName = safeUploadName(input.fileName);
  return submit<ImportResult>({ kind: 'plan', fileName, data: own(input.data), directory: input.directory, options: input.options, limits });
}

export type OneStopCsvUploadInput = { fileName?: unknown; data: Uint8Array; directory: Directory };

/**
 * Reads a one-stop CSV export in a worker thread: files checked against the directory and the
 * schema, and the problems of the rows left out (as readOneStopCsvFiles). Rejects with ImportError
 * when it has more than limits.maxRows rows or takes longer than limits.timeoutMs.
 */
export async function parseOneStopCsvUpload(input: OneStopCsvUploadInput, limits: UploadLimits = UPLOAD_LIMITS): Promise<OneStopCsvFiles> {
  const fileName = input.fileName === undefined ? 'tệp CSV' : safeUploadName(input.fileName);
  if (input.data.byteLength === 0) throw importError(fileName, `Tệp ${fileName} trống (0 byte): hãy gửi nội dung tệp CSV.`);
  return submit<OneStopCsvFiles>({ kind: 'one-stop-csv', fileName, data: own(input.data), directory: input.directory, limits });
}

/** Ends the parser threads (tests, shutdown); the next upload starts new ones. */
export async function closeUploadParsers(): Promise<void> {
  const all = slots.splice(0);
  await Promise.all(all.map((s) => s.worker.terminate()));
}
