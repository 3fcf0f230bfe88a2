/** First start of the embedded default: import the sample plans shipped in plans/. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { importPlanFile } from '../domain/import';
import type { DirectoryStore } from '../activities/directory-store';
import { startImport, type ImportReport } from './import-runner';
import { logger } from './logger';

/** The seed plans; the Tuy Phước plan has no number, so it gets a short id of its own. */
export const SAMPLE_PLANS: { file: string; id?: string }[] = [
  { file: fileURLToPath(new URL('../plans/3322-QD-UBND-2024-thua-thien-hue.txt', import.meta.url)) },
  { file: fileURLToPath(new URL('../plans/tuy-phuoc-cchc-2024.txt', import.meta.url)), id: 'tuy-phuoc-cchc-2024' },
];

export async function loadSamplesOnce(client: Client, dataDir: string, directory: DirectoryStore, taskQueue: string): Promise<ImportReport[]> {
  const marker = join(dataDir, 'samples-loaded');
  if (existsSync(marker)) return [];
  const reports: ImportReport[] = [];
  for (const sample of SAMPLE_PLANS) {
    const imported = await importPlanFile(sample.file, { id: sample.id, directory: directory.load() });
    const report = await startImport(client, imported, directory.load(), { taskQueue });
    logger.info({ plan: report.planId, started: report.started.length, unchanged: report.unchanged.length, failed: report.failed.length }, 'sample plan loaded');
    reports.push(report);
  }
  writeFileSync(marker, new Date().toISOString());
  return reports;
}
