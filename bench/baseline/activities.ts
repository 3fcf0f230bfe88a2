/** The baseline's one activity: appends `<id> <epoch ms>` to a file (when the timer's work really ran). */
import { appendFile } from 'node:fs/promises';

export type BaselineActivities = { appendLine(id: string): Promise<void> };

export function createBaselineActivities(file: string): BaselineActivities {
  return { appendLine: (id) => appendFile(file, `${id} ${Date.now()}\n`) };
}

/** The times in a file written by `appendLine`, for ids starting with `prefix`. */
export function firedTimes(text: string, prefix: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}
