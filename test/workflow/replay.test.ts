/**
 * Versioning guard: every recorded history (test/histories, from real runs of each workflow type)
 * must replay against the current workflow code without a nondeterminism error. A change that
 * breaks this needs a patch (workflow.patched) before it ships.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/worker';
import { HISTORIES_DIR, patchMarkerIds, recordedEvents } from '../support/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories replay against the current code', () => {
  it('has histories of every workflow type', () => {
    const types = new Set(files.map((f) => JSON.parse(readFileSync(`${HISTORIES_DIR}${f}`, 'utf8')).history.events[0].workflowExecutionStartedEventAttributes.workflowType.name));
    expect([...types].sort()).toEqual(expect.arrayContaining(['oneStopFileWorkflow', 'taskWorkflow']));
  });

  it('task-generation-1.json and onestop-generation-1.json record one patch marker, the generation; task-generation-upgrade.json takes it after its own markers', () => {
    expect(patchMarkerIds(recordedEvents('task-generation-1.json'))).toEqual(['generation-1']);
    expect(patchMarkerIds(recordedEvents('onestop-generation-1.json'))).toEqual(['generation-1']);
    expect(patchMarkerIds(recordedEvents('task-generation-upgrade.json'))).toEqual(['part-attributes', 'updated-attribute', 'catch-up-merged-notices', 'notice-as-of-send-time', 'generation-1']);
  });

  it('the *-generation-input.json and *-generation-2-input.json histories, given a generation in their input, record no patch marker', () => {
    for (const [file, generation] of [
      ['task-generation-input.json', 'generation-1'],
      ['onestop-generation-input.json', 'generation-1'],
      ['task-generation-2-input.json', 'generation-2'],
      ['onestop-generation-2-input.json', 'generation-2'],
    ]) {
      const events = recordedEvents(file!);
      const [input] = events[0]!.workflowExecutionStartedEventAttributes.input.payloads.map((p: { data: string }) => JSON.parse(Buffer.from(p.data, 'base64').toString()));
      expect(input.patches).toBe(generation);
      expect(patchMarkerIds(events)).toEqual([]);
      // generation-1 sent its messages as activity tasks; generation-2 as local activities.
      const tasks = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
      expect(generation === 'generation-1' ? tasks > 0 : tasks === 0).toBe(true);
    }
  });

  it('task-group-parts.json exercises the part-attributes patch: a marker, then DondocParts upserted', () => {
    const events = recordedEvents('task-group-parts.json');
    expect(patchMarkerIds(events)).toContain('part-attributes');
    expect(events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes.indexedFields.DondocParts).length).toBeGreaterThan(3);
  });

  it('task-done-late.json exercises the updated-attribute patch: every upsert stamps DondocUpdated with the workflow time', () => {
    const events = recordedEvents('task-done-late.json');
    expect(patchMarkerIds(events)).toContain('updated-attribute');
    // The publisher's upserts (the SDK upserts TemporalChangeVersion on its own at each patch).
    const upserts = events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes.indexedFields.DondocStatus);
    const stamps = upserts.flatMap((e) => {
      const field = e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes.indexedFields.DondocUpdated;
      return field ? [new Date(JSON.parse(Buffer.from(field.data, 'base64').toString())).getTime()] : [];
    });
    expect(upserts.length).toBeGreaterThan(3);
    expect(stamps).toHaveLength(upserts.length);
    // Workflow time: 2036 and 2037 in this time-skipped run, never going back.
    expect(stamps.every((t, i) => i === 0 || t >= stamps[i - 1]!)).toBe(true);
    expect(new Date(stamps.at(-1)!).getUTCFullYear()).toBe(2037);
  });

  it('task-extension-request.json exercises the extension-request patch: request, decline, request, approve', () => {
    const events = recordedEvents('task-extension-request.json');
    expect(patchMarkerIds(events)).toContain('extension-request');
    const updates = events.flatMap((e) => (e.workflowExecutionUpdateAcceptedEventAttributes ? [e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.input.name] : []));
    expect(updates.filter((u) => u !== 'complete')).toEqual(['requestExtension', 'declineExtension', 'requestExtension', 'extendDeadline']);
  });

  it('task-group-communes.json exercises the part-attributes patch for 120 leads: DondocLead as hashes under 2 KiB, the names in the memo', () => {
    const events = recordedEvents('task-group-communes.json');
    const leads = events.flatMap((e) => {
      const field = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes.indexedFields.DondocLead;
      return field ? [Buffer.from(field.data, 'base64').toString()] : [];
    });
    expect(leads.length).toBeGreaterThan(0);
    for (const value of leads) {
      expect(Buffer.byteLength(value)).toBeLessThanOrEqual(2048);
      expect(JSON.parse(value)).toHaveLength(120);
    }
    expect(events.some((e) => e.workflowPropertiesModifiedEventAttributes?.upsertedMemo.fields.leads)).toBe(true);
  });

  it('task-extension-request.json publishes a pending request as a DondocParts token (no memo count)', () => {
    const events = recordedEvents('task-extension-request.json');
    const pending = events.flatMap((e) => {
      const field = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes.indexedFields.DondocParts;
      return field ? [(JSON.parse(Buffer.from(field.data, 'base64').toString()) as string[]).includes('request:pending')] : [];
    });
    // Asked, declined, asked, approved: the token comes and goes twice.
    expect(pending.filter((p, i) => i === 0 || p !== pending[i - 1])).toEqual([false, true, false, true, false]);
    expect(events.some((e) => e.workflowPropertiesModifiedEventAttributes?.upsertedMemo.fields.extensionRequests)).toBe(false);
  });

  it.each(files)('%s', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(`${HISTORIES_DIR}${file}`, 'utf8')) as { workflowId: string; history: unknown };
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });
});
