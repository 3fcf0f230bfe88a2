/** One-time facts of an installation (the sample plans loaded), on both databases. */
import { describe, expect, it } from 'vitest';
import { Markers } from '../storage/markers';
import { DATABASE_KINDS, openTestDatabase } from './support/databases';

describe.each(DATABASE_KINDS)('markers on the %s database', (kind) => {
  it('are set once: the first time is kept, and a second setter learns it was already set', async () => {
    const { db } = await openTestDatabase(kind);
    const markers = new Markers(db);
    expect(await markers.has('samples-loaded')).toBe(false);
    expect(await markers.at('samples-loaded')).toBeNull();
    const [a, b] = await Promise.all([markers.set('samples-loaded'), new Markers(db).set('samples-loaded')]);
    expect([a, b].sort()).toEqual([false, true]);
    const first = await markers.at('samples-loaded');
    expect(first).toBeInstanceOf(Date);
    expect(await markers.set('samples-loaded')).toBe(false);
    expect((await markers.at('samples-loaded'))!.getTime()).toBe(first!.getTime());
    expect(await markers.has('samples-loaded')).toBe(true);
    expect(await markers.has('other')).toBe(false);
  });
});
