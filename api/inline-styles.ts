/**
 * The stylesheet the apology letter carries inline, allowed by the Content-Security-Policy through
 * its hash rather than by 'unsafe-inline'. The dashboard opens the letter from a blob: URL, which
 * inherits the dashboard's policy, so the hash goes into every response's policy.
 */
import { createHash } from 'node:crypto';
import { renderLetterHtml, type ApologyLetter } from '../domain/onestop/letter';

/** `'sha256-…'` sources for each `<style>` element of the page. */
export function styleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
}

const SAMPLE_LETTER: ApologyLetter = {
  draft: true,
  superiorBody: null,
  issuer: 'CƠ QUAN',
  number: '1/PXL',
  placeAndDate: 'ngày 01 tháng 01 năm 2026',
  title: 'PHIẾU XIN LỖI',
  salutation: 'Kính gửi:',
  paragraphs: [],
  signature: { title: '', note: '', name: '' },
  recipients: [],
  fileCode: 'H57-0001',
};

let cached: string[] | undefined;

/** The hashes of the stylesheets of every page dondoc renders with one. */
export function pageStyleHashes(): string[] {
  cached ??= styleHashes(renderLetterHtml(SAMPLE_LETTER));
  return cached;
}
