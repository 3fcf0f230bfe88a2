/**
 * Finding agencies in free text: the "Chủ trì" / "Phối hợp" cells of a plan name agencies and
 * groups in many spellings ("VP UBND tỉnh", "Cácsở,ban, ngành cấp tỉnh", "Phòng Văn hoá – Thông
 * tin"). `resolveAgencies` turns such a cell into canonical directory names and lists what it could
 * not recognise; `groupMembers` expands a group into its member agencies. Pure and deterministic.
 */
import type { Agency, AgencyGroup, Directory } from './directory';
import { ancestry } from './jurisdictions';

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

type Entry = {
  key: string;
  name: string;
  kind: 'agency' | 'group';
  text: string;
  generated?: boolean;
  /** Written without the level its name ends with: does not match before a level word ("Công an" of "Công an xã"). */
  levelDropped?: boolean;
};

/** Words that name the kind of a body, written before its subject: "Sở", "Phòng", "Ban", "Cục" … */
const KIND_WORDS = /^(chi cục|cục|vụ|sở|phòng|ban|bộ|trung tâm|văn phòng|thanh tra|ủy ban nhân dân|uỷ ban nhân dân|ubnd|ủy ban|uỷ ban|đài|báo|viện|trường|hội|liên đoàn|công an|bộ chỉ huy)\s+/iu;

/** The level a body's name may end with: "Trạm Y tế xã", "Công an tỉnh", "Phòng Kinh tế xã Tân Lộc" (lower case: "Xã hội" is not one). */
const LEVEL_SUFFIX = /\s+(?:tỉnh|huyện|thành phố|thị xã|thị trấn|xã|phường|đặc khu)(?:\s+\p{Lu}.*)?$/u;
/** A level word, alone or with the place: what is left after a name written with it ("VP HĐND-UBND xã", "Sở Tài chính tỉnh Ngọc Sơn"). */
const LEVEL_WORD = /^(?:(?:tỉnh|huyện|thành phố|thị xã|thị trấn|xã|phường|đặc khu)(?:\s+\p{Lu}.*)?|cấp tỉnh|cấp huyện|cấp xã)$/u;

/** Initials of a part of a name: "Văn hóa" → "vh"; a word already in capitals stays whole ("HĐND" → "hdnd"). */
function initialsOf(part: string): string {
  return part
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (/^\p{Lu}{2,}$/u.test(w) ? foldKey(w) : foldKey(w).charAt(0)))
    .join('');
}

/**
 * The abbreviations plans write for a name with a subject in parts: "Sở Kế hoạch và Đầu tư" →
 * "Sở KH&ĐT", "Sở KHĐT", "Sở KH và ĐT"; "Sở Lao động - Thương binh và Xã hội" → "Sở LĐ-TB&XH".
 * Returned as folded keys, with and without the kind of body (the bare form only as a whole cell).
 */
export function abbreviationKeys(name: string): { withKind: string[]; bare: string[] } {
  const kind = KIND_WORDS.exec(name.normalize('NFC'));
  if (!kind) return { withKind: [], bare: [] };
  const rest = name.normalize('NFC').slice(kind[0].length).replace(LEVEL_SUFFIX, '');
  // The kind as written in full, and a kind of several words by its initials ("Trung tâm" → "TT", "Ủy ban" → "UB").
  const kindWords = kind[1]!.split(/\s+/);
  const kinds = [...new Set([foldKey(kind[1]!), ...(kindWords.length > 1 ? [kindWords.map((w) => foldKey(w).charAt(0)).join('')] : [])])];
  // "Ủy ban Mặt trận Tổ quốc Việt Nam" is written "UBMTTQ" as often as "UBMTTQVN".
  const subjects = [...new Set([rest, rest.replace(/\s+Việt Nam$/u, '')])].filter((r) => r.trim() !== '');
  const withKind: string[] = [];
  const bare: string[] = [];
  for (const subject of subjects) {
    const parts = subject.split(/\s+và\s+|\s*[-–&,]\s*/u).map((p) => p.trim()).filter(Boolean);
    if (parts.length < 2) {
      // "Cục Công nghệ thông tin" → "Cục CNTT", "Sở Giao thông vận tải" → "Sở GTVT": only with the kind, from three words up.
      const words = subject.split(/\s+/).filter(Boolean);
      if (words.length >= 3) for (const k of kinds) withKind.push(k + initialsOf(subject));
      continue;
    }
    const initials = parts.map(initialsOf);
    const joined = initials.join('');
    const withVa = initials.length === 2 ? `${initials[0]}va${initials[1]}` : null;
    for (const b of [joined, ...(withVa ? [withVa] : [])]) {
      bare.push(b);
      for (const k of kinds) withKind.push(k + b);
    }
  }
  return { withKind: [...new Set(withKind)], bare: [...new Set(bare)] };
}

/** "Trạm Y tế xã" → "Trạm Y tế": the name without the level it ends with, or null. */
function withoutLevel(name: string): string | null {
  const n = name.normalize('NFC');
  const m = /\s+(?:tỉnh|huyện|thành phố|thị xã|thị trấn|xã|phường|đặc khu)$/u.exec(n);
  if (!m) return null;
  const rest = n.slice(0, m.index);
  // One word left ("Sở", "Công an") names no body.
  return rest.split(/\s+/).length >= 2 ? rest : null;
}

function entriesOf(directory: Directory, jurisdictionId: string): Entry[] {
  const entries: Entry[] = [];
  const add = (names: string[], name: string, kind: Entry['kind']) => {
    for (const n of names) {
      const key = foldKey(n);
      if (key) entries.push({ key, name, kind, text: n });
    }
    const known = new Set(entries.map((e) => e.key));
    for (const key of abbreviationKeys(name).withKind) if (!known.has(key)) entries.push({ key, name, kind, text: name, generated: true });
    for (const n of names) {
      const short = withoutLevel(n);
      const key = short ? foldKey(short) : '';
      if (key && !known.has(key)) entries.push({ key, name, kind, text: short!, generated: true, levelDropped: true });
      // "Sở Giáo dục - Đào tạo", "Sở Nông nghiệp & Môi trường", "Sở Khoa học Công nghệ": "và" written otherwise or left out.
      const noVa = / và /u.test(n) ? n.replace(/ và /gu, ' ') : null;
      // "Cơ quan chuyên môn thuộc UBND tỉnh" for "Các cơ quan chuyên môn thuộc UBND tỉnh".
      const noCac = /^các\s+/iu.test(n) ? n.replace(/^các\s+/iu, '') : null;
      for (const variant of [noVa, noCac]) {
        const k = variant ? foldKey(variant) : '';
        if (k && !known.has(k)) entries.push({ key: k, name, kind, text: variant!, generated: true });
      }
    }
  };
  for (const a of directory.agencies) if (a.jurisdiction === jurisdictionId) add([a.name, ...a.aliases], a.name, 'agency');
  for (const g of directory.groups) if (g.jurisdiction === jurisdictionId) add([g.name, ...g.aliases], g.name, 'group');
  // A generated abbreviation two names share says nothing: drop it.
  const owners = new Map<string, Set<string>>();
  for (const e of entries) owners.set(e.key, (owners.get(e.key) ?? new Set()).add(e.name));
  return entries.filter((e) => !e.generated || owners.get(e.key)!.size === 1).sort((a, b) => b.key.length - a.key.length);
}

/** Vowel quality marks (â ê ô ơ ư ă đ) make another letter; tone marks may sit on either vowel ("Hoá" = "Hóa"). */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/u;
type Shape = { letters: { base: string; quality: string }[]; tones: string[]; contracted: boolean };

function accentShape(text: string): Shape {
  const letters: Shape['letters'] = [];
  const tones: string[] = [];
  for (const ch of text.normalize('NFD').toLowerCase()) {
    if (TONE.test(ch)) tones.push(ch);
    else if (/[\u0302\u0306\u031b]/u.test(ch)) {
      if (letters.length > 0) letters[letters.length - 1]!.quality += ch;
    } else if (ch === 'đ') letters.push({ base: 'd', quality: 'đ' });
    else if (/[\p{L}\p{N}]/u.test(ch)) letters.push({ base: ch, quality: '' });
  }
  return { letters, tones, contracted: foldKey(text).length !== letters.length };
}

/**
 * False when a match found without diacritics is another word with them: "số" is not "Sở", "các
 * số liệu" is not "Các sở". A letter written without its marks still matches ("So Noi vu", "Sở Tư
 * phap"); abbreviations and contractions ("UBND" = "Ủy ban nhân dân") are not compared.
 */
function accentsAgree(written: string, entry: Entry): boolean {
  if (entry.generated) return true;
  const a = accentShape(written);
  const b = accentShape(entry.text);
  if (a.contracted || b.contracted || a.letters.length !== b.letters.length) return true;
  if (a.letters.some((l, i) => l.quality !== '' && l.quality !== b.letters[i]!.quality)) return false;
  const left = [...b.tones];
  for (const t of a.tones) {
    const at = left.indexOf(t);
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
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
/** A level word next: "Công an" in "Công an xã" is not "Công an tỉnh". */
const LEVEL_AFTER = /^\s+(?:tỉnh|huyện|thành phố|thị xã|thị trấn|xã|phường|đặc khu|cấp)(?![\p{L}\p{N}])/iu;

/** Words that join names in a list and mean nothing alone. */
const JOINERS = new Set(['và', 'cùng', 'với', 'của', 'gồm', 'tại']);
/** "… có liên quan": the relevant ones among the group just named; the group stands for them. */
const QUALIFIER = /^(?:(?:có\s+)?liên\s+quan|theo\s+.+|nhiệm\s+vụ(?:\s+được\s+giao)?|được\s+giao|trên\s+địa\s+bàn.*)$/iu;
/** A title before a body ("Thủ trưởng các sở, ban, ngành", "Giám đốc Sở Nội vụ"): the body is meant. */
const TITLE = /^(?:thủ\s+trưởng|giám\s+đốc|người\s+đứng\s+đầu|lãnh\s+đạo|chánh\s+văn\s+phòng|chánh\s+thanh\s+tra)$/iu;
/** What continues a list of kinds of units: "UBND các xã, phường", "các cơ quan, đơn vị, địa phương", "sở, ban, ngành". */
const ROLE_TAIL =
  /^(?:các\s+)?(?:xã|phường|thị\s+trấn|huyện|quận|thị\s+xã|thành\s+phố|đặc\s+khu|đơn\s+vị|địa\s+phương|cơ\s+quan|ban|ngành|đoàn\s+thể|tổ\s+chức|doanh\s+nghiệp|trường\s+học|hội|đơn\s+vị\s+sự\s+nghiệp)(?:\s+(?:có\s+)?liên\s+quan|\s+trực\s+thuộc)?$/iu;
/** A kind word alone, starting such a list without "các": "Sở, ban, ngành". */
const BARE_KIND = /^(?:sở|cơ\s+quan|đơn\s+vị|phòng|ban)$/iu;

/** Trims joining words and punctuation from the ends of an unmatched piece of a list. */
function cleanLeftover(piece: string): string {
  const words = piece.normalize('NFC').split(/\s+/).filter((w) => w !== '');
  const meaningless = (w: string) => JOINERS.has(w.toLowerCase()) || !/[\p{L}\p{N}]/u.test(w);
  while (words.length > 0 && meaningless(words[0]!)) words.shift();
  while (words.length > 0 && meaningless(words[words.length - 1]!)) words.pop();
  return words.join(' ').replace(/^[^\p{L}\p{N}(]+|[^\p{L}\p{N})]+$/gu, '');
}

function exactEntry(text: string, entries: Entry[]): Entry | undefined {
  const key = foldKey(text);
  return entries.find((e) => e.key === key && accentsAgree(text, e));
}

/** "KH&ĐT", "TN-MT" written without the kind of body: the one entry with these initials. */
function bareAbbreviation(text: string, entries: Entry[]): Entry | undefined {
  if (!/[&-]|^\p{Lu}{2,}$/u.test(text.replace(/\s+/g, ''))) return undefined;
  const key = foldKey(text);
  if (key.length < 3) return undefined;
  const hits = new Set(entries.filter((e) => e.kind === 'agency' && abbreviationKeys(e.name).bare.includes(key)).map((e) => e.name));
  return hits.size === 1 ? entries.find((e) => e.name === [...hits][0]) : undefined;
}

/** Two words the same but for how they are written: case, tone placement; a word written without marks matches. */
function wordsAgree(written: string, word: string): boolean {
  if (foldKey(written) !== foldKey(word)) return false;
  const a = accentShape(written);
  const b = accentShape(word);
  if (a.letters.some((l, i) => l.quality !== '' && l.quality !== b.letters[i]?.quality)) return false;
  return a.tones.every((t) => b.tones.includes(t));
}

const LEVEL_NAME_WORD = /^(?:tỉnh|huyện|xã|phường|đặc|khu|thành|phố|thị|trấn)$/iu;

/**
 * A name written with some of its words as initials: "BQL các KCN" and "Ban QL các KCN tỉnh" for
 * "Ban Quản lý các khu công nghiệp tỉnh", "TT Phục vụ HCC" for "Trung tâm Phục vụ hành chính
 * công". Each written word is a word of the name or the initials of several (in capitals); "và"
 * may be left out or written "&", "-"; the level at the end may be left out. Null unless the
 * written form has initials and no other entry is read the same way.
 */
function mixedAbbreviation(text: string, entries: Entry[]): Entry | undefined {
  const tokens = text.normalize('NFC').split(/[\s&/,-]+/u).filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (tokens.length < 2 || !tokens.some((t) => /^\p{Lu}{2,}$/u.test(t))) return undefined;
  const matches = (words: string[]): boolean => {
    const seen = new Map<string, boolean>();
    const go = (i: number, k: number): boolean => {
      const memo = `${i}:${k}`;
      if (seen.has(memo)) return seen.get(memo)!;
      let ok = false;
      if (k === tokens.length) ok = words.slice(i).every((w) => LEVEL_NAME_WORD.test(w));
      else if (i < words.length) {
        const t = tokens[k]!;
        if (/^và$/iu.test(words[i]!)) ok = go(i + 1, k);
        if (!ok && wordsAgree(t, words[i]!)) ok = go(i + 1, k + 1);
        if (!ok && /^\p{Lu}{2,}$/u.test(t)) {
          const key = foldKey(t);
          for (let j = i + 2; j <= words.length && !ok; j++) {
            const chunk = words.slice(i, j).filter((w) => !/^và$/iu.test(w));
            if (initialsOf(chunk.join(' ')) === key) ok = go(j, k + 1);
          }
        }
      }
      seen.set(memo, ok);
      return ok;
    };
    return go(0, 0);
  };
  const names = new Set<string>();
  for (const e of entries) {
    if (e.generated) continue;
    const words = e.text.normalize('NFC').split(/[\s,-]+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
    if (matches(words)) names.add(e.name);
  }
  return names.size === 1 ? entries.find((e) => e.name === [...names][0]) : undefined;
}

/** Matches directory names inside one list of agencies (no ";" and no "Tên: mô tả" left). */
function matchList(text: string, entries: Entry[], out: Resolution): void {
  const f = fold(text);
  let j = 0;
  let leftoverFrom = 0; // source index where unmatched text begins
  let lastEnd = -1; // source index after the previous match
  let lastKind: string | null = null;
  const flushLeftover = (until: number) => {
    const pieces = text.slice(leftoverFrom, until).split(/[,;]/);
    let role: number | null = null; // index in out.unknown of a list of kinds of units still open
    for (const [index, piece] of pieces.entries()) {
      const cleaned = cleanLeftover(piece.replace(/\s+theo\s+.*$/iu, ''));
      if (cleaned === '' || QUALIFIER.test(cleaned)) continue;
      // "VP HĐND-UBND xã": the level right after a name found is part of it.
      if (index === 0 && LEVEL_WORD.test(cleaned) && lastEnd === leftoverFrom && leftoverFrom > 0) continue;
      if (index === pieces.length - 1 && until < text.length && TITLE.test(cleaned)) continue;
      // "Các bộ, cơ quan ngang bộ", "UBND các tỉnh, thành phố trực thuộc trung ương": a lower-case piece goes on the list.
      if (role !== null && (ROLE_TAIL.test(cleaned) || (/^\p{Ll}/u.test(cleaned) && cleaned.split(/\s+/).length <= 8))) {
        out.unknown[role] = `${out.unknown[role]}, ${cleaned}`;
        continue;
      }
      role = null;
      // "Sở Nội vụ, Tư pháp": the kind of the name before carries over; "KH&ĐT" alone is an abbreviation.
      const carried = lastKind && !KIND_WORDS.test(`${cleaned} `) ? exactEntry(`${lastKind} ${cleaned}`, entries) : undefined;
      const hit = carried ?? bareAbbreviation(cleaned, entries) ?? mixedAbbreviation(cleaned, entries);
      if (hit) {
        if (!out.names.includes(hit.name)) out.names.push(hit.name);
        continue;
      }
      if (!out.unknown.includes(cleaned)) out.unknown.push(cleaned);
      if (unlistedKind(cleaned) === 'role' || BARE_KIND.test(cleaned)) role = out.unknown.indexOf(cleaned);
    }
  };
  while (j < f.key.length) {
    const src = f.start[j]!;
    const atWordStart = src === 0 || !isWordChar(text[src - 1]) || src === lastEnd;
    const hit = atWordStart
      ? entries.find((e) => {
          if (!f.key.startsWith(e.key, j)) return false;
          const endSrc = f.end[j + e.key.length - 1]! + 1;
          // The match must end where a word ends ("Các sở" is not the start of "các sởi"), or where a run of capitals meets a lower-case word ("UBNDcấp").
          const endsWord = !isWordChar(text[endSrc]) || (/\p{Lu}/u.test(text[endSrc - 1]!) && /\p{Ll}/u.test(text[endSrc]!));
          if (e.levelDropped && LEVEL_AFTER.test(text.slice(endSrc))) return false;
          return endsWord && accentsAgree(text.slice(src, endSrc), e);
        })
      : undefined;
    if (!hit) {
      j++;
      continue;
    }
    flushLeftover(src);
    if (!out.names.includes(hit.name)) out.names.push(hit.name);
    lastKind = hit.kind === 'agency' ? (KIND_WORDS.exec(hit.name)?.[1] ?? null) : null;
    const endSrc = f.end[j + hit.key.length - 1]! + 1;
    leftoverFrom = endSrc;
    lastEnd = endSrc;
    j += hit.key.length;
  }
  flushLeftover(text.length);
}

/** "các Sở: Tư pháp, Tài chính" → "Sở Tư pháp", "Sở Tài chính". */
const SHARED_PREFIX = /^(.*?)(?:^|[,\s])(?:các\s+)?(sở|cục|chi cục|vụ|phòng|ban|trung tâm|ubnd|ủy ban nhân dân|uỷ ban nhân dân)(?:\s+các\s+(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn))?\s*:\s*(.+)$/iu;

function capitalise(word: string): string {
  return /^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)$/iu.test(word) ? 'UBND' : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
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
 * - Names partly in initials ("VP HĐND-UBND", "TT PVHCC", "BQL các KCN", "Sở KH-CN") and with the
 *   level and place after them ("Sở Tài chính tỉnh Ngọc Sơn") resolve when one entry reads so.
 * - A list of kinds of units ("UBND các xã, phường", "các cơ quan, đơn vị, địa phương") stays one
 *   phrase; a title before a body ("Thủ trưởng các sở, ban, ngành") and "theo chức năng, nhiệm vụ"
 *   after it are not names.
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
    if (shared && !/^\s*(?:đối với|về|trong)(?!\p{L})/iu.test(shared[4]!)) {
      matchList(shared[1]!, entries, out);
      const prefix = [capitalise(shared[2]!), shared[3]?.toLowerCase()].filter(Boolean).join(' ');
      for (const item of shared[4]!.split(',')) {
        const name = cleanLeftover(item);
        if (!name) continue;
        // "Tư pháp và Tài chính" is two names unless the directory knows it whole ("Thông tin và Truyền thông").
        const whole: Resolution = { names: [], unknown: [] };
        matchList(`${prefix} ${name}`, entries, whole);
        const parts = name.split(/\s+và\s+/u);
        const pieces = whole.unknown.length > 0 && parts.length > 1 ? parts.map((p) => `${prefix} ${p}`) : [`${prefix} ${name}`];
        for (const piece of pieces) matchList(piece, entries, out);
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

/**
 * The entry of that name nearest to a jurisdiction: its own, else of the nearest jurisdiction above
 * it, else the first of that name anywhere. Provinces built from the same structure share names
 * ("Các sở, ban, ngành tỉnh"): a plan's names are its own province's.
 */
function nearest<T extends { jurisdiction: string }>(directory: Directory, index: NameIndex<T>, name: string, jurisdictionId: string | undefined): T | undefined {
  if (jurisdictionId !== undefined) for (const id of ancestry(directory, jurisdictionId)) {
    const found = byName(index, name, id);
    if (found) return found;
  }
  return byName(index, name);
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
export function groupMembers(directory: Directory, name: string, jurisdictionId?: string): string[] {
  const group = nearest(directory, indexes(directory).groups, name, jurisdictionId);
  if (!group) return [];
  const byId = new Map(directory.agencies.map((a) => [a.id, a.name]));
  return group.members.map((id) => byId.get(id)).filter((n): n is string => n !== undefined);
}

/** True when the name is a role ("Cơ quan soạn thảo văn bản QPPL"), not a fixed agency or group. */
export function isRole(directory: Directory, name: string, jurisdictionId?: string): boolean {
  return nearest(directory, indexes(directory).groups, name, jurisdictionId)?.role === true;
}

/**
 * Names that are not in a directory and need not be: a kind of unit rather than a named one ("các
 * đơn vị sự nghiệp", "UBND các xã", "các doanh nghiệp") or a body outside the jurisdiction's
 * administration (central ministries and agencies, universities, businesses, banks, mass
 * organisations). Such a lead is kept as written. null for a name that should be in the directory.
 */
export function unlistedKind(text: string): 'role' | 'outside' | null {
  const t = foldKey(text);
  const words = ` ${text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ')} `;
  if (/^(?:các|những|mọi)\s/u.test(words.trim()) || /\s(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+các\s/u.test(words)) return 'role';
  if (/^(?:hội đồng nhân dân|hđnd)\s/u.test(words.trim())) return 'outside';
  if (/^(?:đơn vị sự nghiệp|người đứng đầu|thủ trưởng|tổ|ban chỉ đạo|tổ công tác|hội đồng)\s/u.test(words.trim())) return 'role';
  if (/^(?:sở|cơ quan|đơn vị|phòng|ban)\s*,\s*\p{L}/u.test(words.trim())) return 'role';
  // The jurisdiction's own committee or its chair ("UBND xã", "Chủ tịch UBND tỉnh"): nobody in particular until assigned.
  if (/^(?:(?:chủ tịch|phó chủ tịch|lãnh đạo|thường trực)\s+)?(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|cấp tỉnh|cấp huyện|cấp xã))?$/u.test(words.trim())) return 'role';
  if (/^(?:chủ tịch|phó chủ tịch)\s/u.test(words.trim())) return 'role';
  if (/^(?:xã|phường|huyện|tỉnh|thành) đoàn$/u.test(words.trim()) || /\bmttq|\bmặt trận\b/u.test(words)) return 'outside';
  if (/doanhnghiep|congty|tapdoan|nganhang|hiephoi|daihoc|hocvien|truongcaodang|truongtrunghoc|trunguong|chinhphu|quochoi|toaan|vienkiemsat|mattran|liendoan|doanthanhnien|hoilienhiep|hoinongdan|hoicuuchienbinh|baohiemxahoi|khobac|haiquan|dienluc|vnpt|viettel|buudien|congan|quansu|bienphong/.test(t)) return 'outside';
  if (/^(?:bộ|tổng cục|cục|vụ)\s/u.test(words.trim()) && !/\s(?:tỉnh|thành phố)\s/u.test(words)) return 'outside';
  return null;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The directory entry a misspelt name is closest to ("Sở Tư phap" → "Sở Tư pháp"), for a suggestion only; never applied. */
export function suggestAgency(text: string, directory: Directory, jurisdictionId: string): string | null {
  const key = foldKey(text);
  if (key.length < 4) return null;
  let best: { name: string; d: number } | null = null;
  for (const e of cachedEntries(directory, jurisdictionId)) {
    if (e.generated || Math.abs(e.key.length - key.length) > 4) continue;
    const d = distance(key, e.key);
    if (!best || d < best.d) best = { name: e.name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 5)) ? best.name : null;
}
