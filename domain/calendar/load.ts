/**
 * Node-only loader: builds the calendar from config/calendar/*.json and, after them, the *.json
 * files of an admin directory (argument, or env DONDOC_CALENDAR_DIR), each directory in file-name
 * order. Later files win. It reads the disk, so workflow code must NOT import this module: call an
 * activity that uses it, or pass overlays to `createCalendar`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCalendar, type WorkingCalendar } from './calendar';
import { CalendarConfigError, parseYearOverlay, type YearOverlay } from './overlay';

/** config/calendar of this checkout. */
export const BUILT_IN_CALENDAR_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../config/calendar');

export type LoadedOverlay = { origin: string; overlay: YearOverlay };

/** The overlays of one directory, validated, in file-name order. */
export function readOverlayDirectory(dir: string): LoadedOverlay[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('không phải là thư mục');
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'không tồn tại' : (error as Error).message;
    throw new CalendarConfigError(dir, [{ path: [], message: `thư mục lịch ngày nghỉ ${reason}` }]);
  }
  return names.map((name) => {
    const origin = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(origin, 'utf8'));
    } catch (error) {
      throw new CalendarConfigError(origin, [{ path: [], message: `không đọc được JSON (${(error as Error).message})` }]);
    }
    return { origin, overlay: parseYearOverlay(data, origin) };
  });
}

/** Built-in overlays, then those of `extraDir` (default: env DONDOC_CALENDAR_DIR, if set). */
export function loadOverlays(extraDir: string | undefined = process.env.DONDOC_CALENDAR_DIR): LoadedOverlay[] {
  const dirs = [BUILT_IN_CALENDAR_DIR, ...(extraDir ? [resolve(extraDir)] : [])];
  return dirs.flatMap(readOverlayDirectory);
}

/** Reads the files again on every call, so an admin's edit takes effect without a release. */
export function loadCalendar(extraDir?: string): WorkingCalendar {
  const loaded = loadOverlays(extraDir);
  return createCalendar(
    loaded.map((l) => l.overlay),
    { origins: loaded.map((l) => l.origin) },
  );
}
