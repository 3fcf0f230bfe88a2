/** First start of the embedded default: import the sample plans shipped in plans/. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { importPlanFile } from '../domain/import';
import type { DirectoryStore } from '../activities/directory-store';
import { startImport, type ImportReport } from './import-runner';
import { logger } from './logger';

/** The seed plans, with the ids the importer derives (so importing them again by hand starts nothing new). */
export const SAMPLE_PLANS = ['3322-QD-UBND-2024-thua-thien-hue.txt', 'tuy-phuoc-cchc-2024.txt'].map((name) =>
  fileURLToPath(new URL(`../plans/${name}`, import.meta.url)),
);

export async function loadSamplesOnce(client: Client, dataDir: string, directory: DirectoryStore, taskQueue: string): Promise<ImportReport[]> {
  const marker = join(dataDir, 'samples-loaded');
  if (existsSync(marker)) return [];
  const reports: ImportReport[] = [];
  for (const file of SAMPLE_PLANS) {
    const imported = await importPlanFile(file, { directory: directory.load() });
    const report = await startImport(client, imported, directory.load(), { taskQueue });
    logger.info({ plan: report.planId, started: report.started.length, unchanged: report.unchanged.length, failed: report.failed.length }, 'sample plan loaded');
    reports.push(report);
  }
  writeFileSync(marker, new Date().toISOString());
  return reports;
}
