/**
 * What one `notify` costs the worker in database statements (issue 17, then issue 11): a first
 * send is two statements, a duplicate two (a claim that finds it sent, then its row), and nothing
 * is written to files.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { createNotificationActivities, listOutbox } from '../activities/notifications';
import { REMINDER_DAY_MORNING, reminder, testDirectory } from './notifications.support';
import { useOutboxDatabase } from './notifications.database';
import { DATABASE_KINDS } from './support/databases';

/**
 * Counts the statements sent through the database handle it is plugged into. Counted as their
 * results come back: the prepared claim and "sent" mark (storage/prepared.ts) are compiled SQL,
 * which skips a plugin's `transformQuery`.
 */
class StatementCounter implements KyselyPlugin {
  statements = 0;

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.statements++;
    return result;
  }
}

describe.each(DATABASE_KINDS)('statements per notify (%s)', (kind) => {
  const db = useOutboxDatabase(kind);
  /** The notification activities on the test database, their statements counted. */
  const countedActivities = (counter: StatementCounter) =>
    createNotificationActivities({
      db: db().withPlugin(counter),
      directory: async () => testDirectory(),
      config: { smtpUrl: null },
      logger: pino({ level: 'silent' }),
      now: () => REMINDER_DAY_MORNING,
    });

  it('sends a message in two statements (claim with the message and its agency index; sent) and answers a duplicate with two (a claim that finds it sent; its row)', async () => {
    const counter = new StatementCounter();
    const notifications = countedActivities(counter);
    expect(await notifications.notify(reminder({ key: 'cost:1' }))).toMatchObject({ status: 'sent' });
    // The claim is one statement whose WITH clauses insert the row, with its .eml, and the agency index.
    // No read before it: a message every recipient gets now is claimed at once (docs/messages.md, step 1).
    expect(counter.statements).toBe(2);

    counter.statements = 0;
    for (let i = 2; i <= 6; i++) await notifications.notify(reminder({ key: `cost:${i}` }));
    expect(counter.statements).toBe(5 * 2);

    counter.statements = 0;
    expect(await notifications.notify(reminder({ key: 'cost:3' }))).toMatchObject({ status: 'duplicate' });
    expect(counter.statements).toBe(2);

    const sent = await listOutbox(db());
    expect(sent.map((e) => e.key).sort()).toEqual(['cost:1', 'cost:2', 'cost:3', 'cost:4', 'cost:5', 'cost:6']);
    expect(sent.every((e) => e.status === 'sent' && e.attempts === 1 && e.hasEml)).toBe(true);
    const agency = sent[0]!.agencies[0]!;
    expect((await listOutbox(db(), { agency })).map((e) => e.key).sort()).toEqual(['cost:1', 'cost:2', 'cost:3', 'cost:4', 'cost:5', 'cost:6']);
  });

  it('sends twenty messages due together in a few shared statements, each one once and listed under its agency', async () => {
    const counter = new StatementCounter();
    const notifications = countedActivities(counter);
    const keys = Array.from({ length: 20 }, (_, i) => `burst:${i}`);
    const results = await Promise.all(keys.map((key) => notifications.notify(reminder({ key }))));
    expect(results.map((r) => r.status)).toEqual(keys.map(() => 'sent'));
    // Alone, these would be 40 statements (two each).
    expect(counter.statements).toBeLessThanOrEqual(12);

    const again = await Promise.all(keys.map((key) => notifications.notify(reminder({ key }))));
    expect(again.map((r) => r.status)).toEqual(keys.map(() => 'duplicate'));
    const sent = (await listOutbox(db())).filter((e) => e.key.startsWith('burst:'));
    expect(sent).toHaveLength(20);
    expect(sent.every((e) => e.status === 'sent' && e.attempts === 1 && e.hasEml && e.channel !== null)).toBe(true);
    expect((await listOutbox(db(), { agency: sent[0]!.agencies[0]! })).filter((e) => e.key.startsWith('burst:'))).toHaveLength(20);
  });
});
