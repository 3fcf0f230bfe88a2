/**
 * The public side of an apology: what is published for 30 days (seed 002, III.3: "công khai 30
 * ngày"); api/public-apologies.tsx renders the page that lists it. Only what the public needs is copied here; the
 * applicant's contact details and identification number are never part of it, and the name is
 * shortened to initials plus the given name.
 */
import { vietnamDateOf, type IsoDate } from '../dates';
import type { FileView } from './view';

export type PublicApology = {
  code: string;
  jurisdiction: string;
  procedure: string;
  agency: string;
  number: string;
  date: IsoDate;
  /** Initials and given name only ("N. V. An"). */
  applicant: string;
  receivedOn: IsoDate;
  originalAppointment: IsoDate;
  newAppointment: IsoDate;
  reason: string;
  publishedAt: string;
  until: string;
};

/** "Nguyễn Văn An" → "N. V. An": enough for the applicant to recognise the case, not more. */
export function maskName(name: string): string {
  const words = name.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return words[0] ? `${Array.from(words[0])[0]}.` : '';
  return [...words.slice(0, -1).map((w) => `${Array.from(w)[0]}.`), words.at(-1)].join(' ');
}

export function publicApologyOf(view: FileView, publishedAt: Date, until: Date): PublicApology {
  const { apology, file } = view;
  if (!apology) throw new Error(`file ${file.code} has no apology to publish`);
  return {
    code: file.code,
    jurisdiction: file.jurisdiction,
    procedure: file.procedure.name,
    agency: apology.agency,
    number: apology.number,
    date: apology.date,
    applicant: maskName(file.applicant.name),
    receivedOn: vietnamDateOf(new Date(file.receivedAt)),
    originalAppointment: apology.originalAppointment.date,
    newAppointment: apology.newAppointment.date,
    reason: apology.reason,
    publishedAt: publishedAt.toISOString(),
    until: until.toISOString(),
  };
}
