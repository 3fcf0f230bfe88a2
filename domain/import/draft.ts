/**
 * A directory draft from a plan: every agency the plan's Chủ trì and Phối hợp cells name, with the
 * canonical name proposed for it, the spellings the plan uses, and the directory entries it may be.
 * Nothing is written: the admin confirms the draft, which then becomes directory entries whose
 * contacts are filled in. Names the directory already knows are listed as such; former names of
 * departments merged in 2025 propose the body they are now, with a note.
 */
import { foldKey, resolveAgencies, suggestAgency, unlistedKind } from '../agencies';
import type { Directory } from '../directory';
import { directoryFromStructure, formerNames, type Structure } from '../structure';
import { splitLeadCell } from './lead';
import type { RawTask } from './types';

export type DraftEntry = {
  /** Canonical name proposed for the entry. */
  proposed: string;
  /** "known": already in the directory; "new": an agency to add; "role": a kind of unit; "outside": a body outside the administration. */
  status: 'known' | 'new' | 'role' | 'outside';
  /** Spellings in the plan. */
  written: string[];
  /** Rows (or lines) naming it, as Chủ trì or Phối hợp. */
  rows: number[];
  lead: boolean;
  /** Existing entries (directory or standard structure) it may be; never applied. */
  mayBe: string[];
  note: string | null;
  /** For a former name of a department merged in 2025, the body it is now. */
  now: string | null;
};

const STRUCTURE_JURISDICTION = 'cau-truc-chuan';

function capitalised(text: string): string {
  const t = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^ủy ban nhân dân\s/iu, 'UBND ')
    .replace(/^uỷ ban nhân dân\s/iu, 'UBND ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export function draftAgencies(rows: RawTask[], directory: Directory, jurisdictionId: string | null, structure: Structure | null): DraftEntry[] {
  const standard = structure ? directoryFromStructure(structure, STRUCTURE_JURISDICTION) : null;
  const standardId = standard?.jurisdictions[0]?.id ?? '';
  const former = structure ? formerNames(structure) : new Map<string, string>();
  const byKey = new Map<string, DraftEntry>();
  const add = (key: string, make: () => Omit<DraftEntry, 'written' | 'rows' | 'lead'>, written: string, row: number, lead: boolean) => {
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { ...make(), written: [], rows: [], lead: false }));
    if (!entry.written.includes(written)) entry.written.push(written);
    if (!entry.rows.includes(row)) entry.rows.push(row);
    entry.lead ||= lead;
  };
  for (const raw of rows) {
    const split = splitLeadCell(raw.lead.trim());
    const cells: [string, boolean][] = [
      [split.lead, true],
      [split.coordinating, false],
      [raw.coordinating, false],
    ];
    for (const [cell, lead] of cells) {
      if (cell.trim() === '') continue;
      const known = jurisdictionId ? resolveAgencies(cell, directory, jurisdictionId) : { names: [], unknown: [] };
      const pieces = jurisdictionId ? known.unknown : resolveAgencies(cell, { jurisdictions: [], agencies: [], groups: [] }, '').unknown;
      for (const name of known.names) add(foldKey(name), () => ({ proposed: name, status: 'known', mayBe: [], note: null, now: null }), name, raw.row, lead);
      for (const piece of pieces) {
        const kind = unlistedKind(piece);
        const inStandard = standard ? resolveAgencies(piece, standard, standardId) : { names: [], unknown: [piece] };
        const standardName = inStandard.unknown.length === 0 && inStandard.names.length === 1 ? inStandard.names[0]! : null;
        const now = former.get(foldKey(piece)) ?? null;
        const proposed = standardName ?? capitalised(piece);
        const mayBe = [
          now,
          ...(jurisdictionId ? [suggestAgency(piece, directory, jurisdictionId)] : []),
          ...(standard && !standardName ? [suggestAgency(piece, standard, standardId)] : []),
        ].filter((n): n is string => n !== null && n !== proposed);
        const note = now
          ? `Tên cũ; sau sắp xếp năm 2025 là "${now}".`
          : standardName && foldKey(standardName) !== foldKey(piece)
            ? `Viết tắt hoặc cách viết khác của "${standardName}".`
            : null;
        add(foldKey(proposed), () => ({ proposed, status: kind ?? 'new', mayBe: [...new Set(mayBe)], note, now }), piece, raw.row, lead);
      }
    }
  }
  return [...byKey.values()];
}
