/**
 * The code of an upload-parser thread (see upload-parser.ts): parses one upload per message and
 * posts back the result, or the ImportError's problems, or an unexpected error's text.
 */
import { parentPort } from 'node:worker_threads';
import { importPlanUpload } from '../domain/import/upload';
import { ImportError } from '../domain/import/types';
import { readOneStopCsvFiles } from '../domain/onestop/csv-files';
import type { UploadJob, UploadReply } from './upload-parser';

async function run(job: UploadJob): Promise<unknown> {
  const limits = job.limits;
  if (job.kind === 'plan') {
    return importPlanUpload({ fileName: job.fileName, data: job.data, directory: job.directory, options: job.options }, limits);
  }
  const text = new TextDecoder('utf-8').decode(job.data);
  return readOneStopCsvFiles(text, job.directory, { file: job.fileName, maxRows: limits.maxRows });
}

parentPort!.on('message', (job: UploadJob) => {
  void run(job).then(
    (result) => parentPort!.postMessage({ id: job.id, ok: true, result } satisfies UploadReply),
    (err: unknown) =>
      parentPort!.postMessage(
        (err instanceof ImportError
          ? { id: job.id, ok: false, problems: err.problems }
          : { id: job.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }) satisfies UploadReply,
      ),
  );
});
