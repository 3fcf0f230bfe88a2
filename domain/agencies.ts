/**
 * Finding agencies in free text: the "Chủ trì" / "Phối hợp" cells of a plan name agencies and
 * groups in many spellings ("VP UBND tỉnh", "Cácsở,ban, ngành cấp tỉnh", "Phòng Văn hoá – Thông
 * tin"). `resolveAgencies` turns such a cell into canonical directory names and lists what it could
 * not recognise; `groupMembers` expands a group into its member agencies. Pure and deterministic.
 */
import type { Agency, AgencyGroup, Directory } from './directory';

export type Resolution = {
  /** Canonical agency or group names, in the order they appear, without repeats. */
  names: string[];
  /** Phrases that name no directory entry, as written. */
  unknown: string[];
};

/** Long forms written both ways in documents; compared in their short form. */
const CONTRACTIONS: [string, string][] = ([
  ['thongtinvatruyenthong', 'tttt'],
  ['hoidongnhandan', 'hdnd'],
  ['phattrienquydat', 'ptqd'],
  ['quyphamphapluat', 'qppl'],
  ['khoahocvacongnghe', 'khcn'],
  ['uybannhandan', 'ubnd'],
  ['dangkydatdai', 'dkdd'],
  ['vanphong', 'vp'],
] as [string, string][]).sort((a, b) => b[0]!.length - a[0]!.length);

/** A name folded for comparison, with the source position of every folded character. */
export type Folded = { key: string; start: number[]; end: number[] };

function foldChar(ch: string): string {
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return base === 'đ' ? 'd' : base;
}

/**
 * Folds text for matching: no diacritics ("Hoá" = "Hóa", "Uỷ" = "Ủy"), no case, no spaces or
 * punctuation ("Cácsở,ban" = "Các sở, ban"), long forms shortened ("Ủy ban nhân dân" = "UBND").
 * `start`/`end` give, for each key character, the source index range it came from.
 */
export function fold(text: string): Folded {
  const chars: string[] = [];
  const pos: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i]!);
    if (/^[a-z0-9]$/.test(f)) {
      chars.push(f);
      pos.push(i);
    }
  }
  const raw = chars.join('');
  const out: Folded = { key: '', start: [], end: [] };
  let key = '';
  for (let j = 0; j < raw.length; ) {
    const hit = CONTRACTIONS.find(([long]) => raw.startsWith(long, j));
    if (hit) {
      const [long, short] = hit;
      for (const c of short) {
        key += c;
        out.start.push(pos[j]!);
        out.end.push(pos[j + long.length - 1]!);
      }
      j += long.length;
    } else {
      key += raw[j];
      out.start.push(pos[j]!);
      out.end.push(pos[j]!);
      j++;
    }
  }
  out.key = key;
  return out;
}

export function foldKey(text: string): string {
  return fold(text.normalize('NFC')).key;
}

type Entry = { key: string; name: string; kind: 'agency' | 'group' };

function entriesOf(directory: Directory, jurisdictionId: string): Entry[] {
  const entries: Entry[] = [];
  const add = (names: string[], name: string, kind: Entry['kind']) => {
    for (const n of names) {
      const key = foldKey(n);
      if (key) entries.push({ key, name, kind });
    }
  };
  for (const a of directory.agencies) if (a.jurisdiction === jurisdictionId) add([a.name, ...a.aliases], a.name, 'agency');
  for (const g of directory.groups) if (g.jurisdiction === jurisdictionId) add([g.name, ...g.aliases], g.name, 'group');
  return entries.sort((a, b) => b.key.length - a.key.length);
}

const entryCache = new WeakMap<Directory, Map<string, Entry[]>>();

function cachedEntries(directory: Directory, jurisdictionId: string): Entry[] {
  let byJurisdiction = entryCache.get(directory);
  if (!byJurisdiction) entryCache.set(directory, (byJurisdiction = new Map()));
  let entries = byJurisdiction.get(jurisdictionId);
  if (!entries) byJurisdiction.set(jurisdictionId, (entries = entriesOf(directory, jurisdictionId)));
  return entries;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Words that join names in a list and mean nothing alone. */
const JOINERS = new Set(['và', 'cùng', 'với', 'của', 'gồm', 'tại']);
/** "… có liên quan": the relevant ones among the group just named; the group stands for them. */
const QUALIFIER = /^(?:có\s+)?liên\s+quan$/iu;

/** Trims joining words and punctuation from the ends of an unmatched piece of a list. */
function cleanLeftover(piece: string): string {
  const words = piece.normalize('NFC').split(/\s+/).filter((w) => w !== '');
  const meaningless = (w: string) => JOINERS.has(w.toLowerCase()) || !/[\p{L}\p{N}]/u.test(w);
  while (words.length > 0 && meaningless(words[0]!)) words.shift();
  while (words.length > 0 && meaningless(words[words.length - 1]!)) words.pop();
  return words.join(' ').replace(/^[^\p{L}\p{N}(]+|[^\p{L}\p{N})]+$/gu, '');
}

/** Matches directory names inside one list of agencies (no ";" and no "Tên: mô tả" left). */
function matchList(text: string, entries: Entry[], out: Resolution): void {
  const f = fold(text);
  let j = 0;
  let leftoverFrom = 0; // source index where unmatched text begins
  let lastEnd = -1; // source index after the previous match
  const flushLeftover = (until: number) => {
    for (const piece of text.slice(leftoverFrom, until).split(/[,;]/)) {
      const cleaned = cleanLeftover(piece);
      if (cleaned === '' || QUALIFIER.test(cleaned)) continue;
      if (!out.unknown.includes(cleaned)) out.unknown.push(cleaned);
    }
  };
  while (j < f.key.length) {
    const src = f.start[j]!;
    const atWordStart = src === 0 || !isWordChar(text[src - 1]) || src === lastEnd;
    const hit = atWordStart ? entries.find((e) => f.key.startsWith(e.key, j)) : undefined;
    if (!hit) {
      j++;
      continue;
    }
    flushLeftover(src);
    if (!out.names.includes(hit.name)) out.names.push(hit.name);
    const endSrc = f.end[j + hit.key.length - 1]! + 1;
    leftoverFrom = endSrc;
    lastEnd = endSrc;
    j += hit.key.length;
  }
  flushLeftover(text.length);
}

/** "các Sở: Tư pháp, Tài chính" → "Sở Tư pháp", "Sở Tài chính". */
const SHARED_PREFIX = /^(.*?)(?:^|[,\s])(?:các\s+)?(sở|phòng|ban|ubnd|ủy ban nhân dân)\s*:\s*(.+)$/iu;

function capitalise(word: string): string {
  return /^ubnd$/i.test(word) ? 'UBND' : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * The canonical agency and group names a text names, in the given jurisdiction.
 *
 * - Lists are split on ";" and ",", but only between names: "Phòng Tài chính - Kế hoạch" and
 *   "Các sở, ban, ngành cấp tỉnh" are single names because the directory knows them whole.
 * - "các Sở: Tư pháp, Tài chính" expands to "Sở Tư pháp", "Sở Tài chính".
 * - "Sở Tư pháp: đối với Báo cáo …" keeps "Sở Tư pháp" and drops the description after the colon.
 * - "… có liên quan" after a group is the relevant ones among it: the group is returned.
 * - Remarks in brackets ("UBND huyện (qua Phòng Nội vụ)") are ignored.
 */
export function resolveAgencies(text: string, directory: Directory, jurisdictionId: string): Resolution {
  const out: Resolution = { names: [], unknown: [] };
  const entries = cachedEntries(directory, jurisdictionId);
  const normalized = text
    .normalize('NFC')
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const part of normalized.split(';')) {
    const shared = SHARED_PREFIX.exec(part);
    if (shared && !/^\s*(?:đối với|về|trong)(?!\p{L})/iu.test(shared[3]!)) {
      matchList(shared[1]!, entries, out);
      const prefix = capitalise(shared[2]!);
      for (const item of shared[3]!.split(',')) {
        const name = cleanLeftover(item);
        if (name) matchList(`${prefix} ${name}`, entries, out);
      }
      continue;
    }
    const colon = part.indexOf(':');
    if (colon > 0) {
      const before: Resolution = { names: [], unknown: [] };
      matchList(part.slice(0, colon), entries, before);
      if (before.names.length > 0 && before.unknown.length === 0) {
        for (const n of before.names) if (!out.names.includes(n)) out.names.push(n);
        continue;
      }
    }
    matchList(part, entries, out);
  }
  return out;
}

type NameIndex<T> = { canonical: Map<string, T[]>; alias: Map<string, T[]> };

function indexOf<T extends { name: string; aliases: string[] }>(items: T[]): NameIndex<T> {
  const index: NameIndex<T> = { canonical: new Map(), alias: new Map() };
  const put = (map: Map<string, T[]>, key: string, item: T) => map.set(key, [...(map.get(key) ?? []), item]);
  for (const item of items) {
    put(index.canonical, foldKey(item.name), item);
    for (const a of item.aliases) put(index.alias, foldKey(a), item);
  }
  return index;
}

const nameIndexes = new WeakMap<Directory, { agencies: NameIndex<Agency>; groups: NameIndex<AgencyGroup> }>();

function indexes(directory: Directory) {
  let found = nameIndexes.get(directory);
  if (!found) nameIndexes.set(directory, (found = { agencies: indexOf(directory.agencies), groups: indexOf(directory.groups) }));
  return found;
}

function byName<T extends { jurisdiction: string }>(index: NameIndex<T>, name: string, jurisdictionId?: string): T | undefined {
  const key = foldKey(name);
  const scoped = (list: T[] | undefined) => list?.find((i) => jurisdictionId === undefined || i.jurisdiction === jurisdictionId);
  return scoped(index.canonical.get(key)) ?? scoped(index.alias.get(key));
}

/** An agency by canonical name or alias (spelling-tolerant); canonical names win over aliases. */
export function findAgency(directory: Directory, name: string, jurisdictionId?: string): Agency | undefined {
  return byName(indexes(directory).agencies, name, jurisdictionId);
}

/** A group (or role) by canonical name or alias; canonical names win over aliases. */
export function findGroup(directory: Directory, name: string, jurisdictionId?: string): AgencyGroup | undefined {
  return byName(indexes(directory).groups, name, jurisdictionId);
}

/**
 * Canonical names of the member agencies of a group; [] when `name` is not a group (an agency
 * or unknown), so callers can write `groupMembers(d, n).length > 0 ? … : [n]`.
 */
export function groupMembers(directory: Directory, name: string): string[] {
  const group = findGroup(directory, name);
  if (!group) return [];
  const byId = new Map(directory.agencies.map((a) => [a.id, a.name]));
  return group.members.map((id) => byId.get(id)).filter((n): n is string => n !== undefined);
}

/** True when the name is a role ("Cơ quan soạn thảo văn bản QPPL"), not a fixed agency or group. */
export function isRole(directory: Directory, name: string): boolean {
  return findGroup(directory, name)?.role === true;
}
