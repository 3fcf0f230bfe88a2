/**
 * The dashboard (dashboard/, bundled by api/dashboard.ts) names statuses as the rest of dondoc does,
 * builds into one script, and never writes HTML from strings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FILE_STATUS_NAMES } from '../../domain/onestop/view';
import { FILE_STATUS_NAMES as SHOWN_FILE_STATUS_NAMES, TASK_STATUS_NAMES } from '../../dashboard/names';
import { TASK_STATUSES } from '../../api/dashboard-tasks';
import { FILE_STATUSES } from '../../api/dashboard-files';
import { bundleDashboard, PAGE } from '../../api/dashboard';

const SOURCE = fileURLToPath(new URL('../../dashboard/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('dashboard names', () => {
  it('shows the file statuses by the names of domain/onestop/view.ts', () => {
    expect(SHOWN_FILE_STATUS_NAMES).toBe(FILE_STATUS_NAMES);
    expect(Object.keys(FILE_STATUS_NAMES).sort()).toEqual([...FILE_STATUSES].sort());
  });

  it('names every task status the server counts, and no other', () => {
    expect(Object.keys(TASK_STATUS_NAMES).sort()).toEqual([...TASK_STATUSES].sort());
    for (const name of Object.values(TASK_STATUS_NAMES)) expect(name).toMatch(/^\p{Lu}/u);
  });
});

describe('dashboard bundle', () => {
  it('builds into one script; the page carries no inline script or style', async () => {
    const script = await bundleDashboard();
    expect(script.length).toBeGreaterThan(10_000);
    expect(script.includes('Việc của tôi'), 'the bundle keeps Vietnamese text as UTF-8').toBe(true);
    expect(PAGE).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(PAGE).not.toMatch(/<style|style="/);
  }, 60_000);

  it('never writes HTML from strings: no innerHTML, outerHTML, insertAdjacentHTML or dangerouslySetInnerHTML in its source', () => {
    const files = sources(SOURCE);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
