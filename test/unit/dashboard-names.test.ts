/** The dashboard (a static script) names each one-stop file status as the rest of dondoc does. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_STATUS_NAMES } from '../../domain/onestop/view';

const app = readFileSync(new URL('../../api/dashboard/app.js', import.meta.url), 'utf8');

describe('dashboard names', () => {
  it.each(Object.entries(FILE_STATUS_NAMES))('file status %s is "%s"', (status, name) => {
    expect(app).toContain(`${status}: '${name}'`);
  });
});
