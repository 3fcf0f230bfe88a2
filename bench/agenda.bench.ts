/**
 * The agenda a workflow computes at its first activation (issue 17): the calendar snapshot (as
 * decoded from the local activity's result) turned into working days, then every action up to the
 * horizon (`agenda()`), or only the first pending one as workflows/run-loop.ts reads it
 * (`lazyAgenda()`), for 3,000 workflows: the worker-cost bench's open and firing tasks (one lead,
 * a reminder on the due day, the default ladder), and the default policy.
 *
 *   npm run bench -- agenda
 *   node --import tsx bench/agenda.bench.ts [--activations 3000]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { agenda, lazyAgenda, type AgendaAction } from '../domain/agenda';
import { addDays, type IsoDate } from '../domain/dates';
import { TaskPolicySchema, type TaskPolicy } from '../domain/policy';
import { agendaSnapshotRange, workingDaysFrom, type WorkingDaysSnapshot } from '../domain/workdays';
import { TASK_AGENDA_HORIZON_DAYS } from '../workflows/task-api';
import { workingDaysSnapshot } from '../activities/calendar';

const { values } = parseArgs({ options: { activations: { type: 'string', default: '3000' } } });
const activations = Number(values.activations);

const TODAY = '2026-11-26';

type Case = { label: string; due: IsoDate; policy: TaskPolicy };

/** The snapshot a first activation fetches (workflows/run-loop.ts fromSnapshot), and a fresh copy per activation, as decoded from the local activity's result. */
async function snapshots(c: Case, count: number): Promise<WorkingDaysSnapshot[]> {
  const range = agendaSnapshotRange([c.due], TODAY, addDays(TODAY, TASK_AGENDA_HORIZON_DAYS));
  const snapshot = await workingDaysSnapshot(range.from, range.to);
  return Array.from({ length: count }, () => structuredClone(snapshot));
}

const ways: { label: string; first: (c: Case, snapshot: WorkingDaysSnapshot) => AgendaAction | undefined }[] = [
  {
    label: 'agenda(): every action to the horizon',
    first: (c, snapshot) => agenda(obligations(c), c.policy, workingDaysFrom(snapshot), options())[0],
  },
  {
    label: 'lazyAgenda(): the first pending action',
    first: (c, snapshot) => {
      const done = new Set<string>();
      return lazyAgenda(obligations(c), c.policy, workingDaysFrom(snapshot), options()).find((a) => !done.has(a.key));
    },
  },
];
const obligations = (c: Case) => [{ id: '0:Sở Tư pháp', due: c.due, acknowledgedLevels: [] }];
const options = () => ({ now: new Date(`${TODAY}T03:00:00Z`), until: addDays(TODAY, TASK_AGENDA_HORIZON_DAYS), missed: 'workflow' as const });

const cases: Case[] = [
  { label: 'open (due in a year, due-day reminder)', due: addDays(TODAY, 365), policy: TaskPolicySchema.parse({ reminderOffsets: [0], officeHour: '09:00' }) },
  { label: 'firing (due today, due-day reminder)', due: TODAY, policy: TaskPolicySchema.parse({ reminderOffsets: [0], officeHour: '23:00' }) },
  { label: 'default policy, due in 30 days', due: addDays(TODAY, 30), policy: TaskPolicySchema.parse({}) },
  { label: 'default policy, 40 days overdue', due: addDays(TODAY, -40), policy: TaskPolicySchema.parse({}) },
];

for (const way of ways) {
  console.log(way.label);
  for (const c of cases) {
    for (const s of await snapshots(c, 200)) way.first(c, s); // warm
    const copies = await snapshots(c, activations);
    let sink = 0;
    const started = performance.now();
    for (const s of copies) if (way.first(c, s)) sink++;
    const ms = performance.now() - started;
    console.log(`  ${c.label.padEnd(42)} ${activations} first activations ${ms.toFixed(0).padStart(6)} ms  (${((ms * 1000) / activations).toFixed(1)} µs each${sink === activations ? '' : ', MISSING ACTIONS'})`);
  }
}
