/** First start of the embedded default: import the sample plans shipped in plans/. */
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { importPlanFile } from '../domain/import';
import type { Database } from '../storage';
import type { DirectoryStore } from '../storage/directory';
import { Markers } from '../storage/markers';
import { startImport, type ImportReport } from './import-runner';
import { logger } from './logger';
import { storedTemplates, templateChooser } from './import-templates';

/** The seed plans, with the ids the importer derives (so importing them again by hand starts nothing new). */
export const SAMPLE_PLANS = ['3322-QD-UBND-2024-thua-thien-hue.txt', 'tuy-phuoc-cchc-2024.txt'].map((name) =>
  fileURLToPath(new URL(`../plans/${name}`, import.meta.url)),
);

/** The marker set once the sample plans are loaded: they are loaded at most once per database. */
export const SAMPLES_LOADED = 'samples-loaded';

export async function loadSamplesOnce(client: Client, db: Database, directory: DirectoryStore, taskQueue: string): Promise<ImportReport[]> {
  const markers = new Markers(db);
  if (await markers.has(SAMPLES_LOADED)) return [];
  const reports: ImportReport[] = [];
  const current = await directory.load();
  const templates = await storedTemplates(db);
  for (const file of SAMPLE_PLANS) {
    const imported = await importPlanFile(file, { directory: current });
    const report = await startImport(client, imported, current, { taskQueue, templateFor: templateChooser(imported.plan, templates) });
    logger.info({ plan: report.planId, started: report.started.length, unchanged: report.unchanged.length, failed: report.failed.length }, 'sample plan loaded');
    reports.push(report);
  }
  await markers.set(SAMPLES_LOADED);
  return reports;
}
