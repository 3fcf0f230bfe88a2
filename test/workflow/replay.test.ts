/**
 * Versioning guard: every recorded history (test/histories, from real runs of each workflow type)
 * must replay against the current workflow code without a nondeterminism error. A change that
 * breaks this needs a patch (workflow.patched) before it ships.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/worker';
import { HISTORIES_DIR } from '../support/histories';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories replay against the current code', () => {
  it('has histories of every workflow type', () => {
    const types = new Set(files.map((f) => JSON.parse(readFileSync(`${HISTORIES_DIR}${f}`, 'utf8')).history.events[0].workflowExecutionStartedEventAttributes.workflowType.name));
    expect([...types].sort()).toEqual(expect.arrayContaining(['oneStopFileWorkflow', 'taskWorkflow']));
  });

  it.each(files)('%s', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(`${HISTORIES_DIR}${file}`, 'utf8')) as { workflowId: string; history: unknown };
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });
});
