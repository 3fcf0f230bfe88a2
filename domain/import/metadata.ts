/**
 * Plan facts: read from the document's header where it has them ("Số: 3322/QĐ-UBND", "Thừa Thiên
 * Huế, ngày 25 tháng 12 năm 2024", the title), otherwise taken from the options, which also
 * override the document. The plan id is the slug of the number and the issue year
 * ("3322-qd-ubnd-2024"); with a blank number ("Số: /KH-UBND") it is short and made from the title
 * (see titleId: "kh-cchc-khac-phuc-tuy-phuoc-2024").
 */
import { isValidIsoDate } from '../dates';
import type { Directory } from '../directory';
import { foldKey } from '../agencies';
import { PlanSchema, type Plan } from '../plan';
import { clean, lowerFirst, sentenceCase, slug, vietnameseDate } from './text';
import { ImportError, type PlanOptions, type Problem } from './types';

export type DocumentFacts = {
  number: string | null;
  issuer: string | null;
  place: string | null;
  issuedOn: string | null;
  /** Year of the issue date, even when day and month are blank ("ngày tháng năm 2024"). */
  issueYear: number | null;
  title: string | null;
};

export const NO_FACTS: DocumentFacts = { number: null, issuer: null, place: null, issuedOn: null, issueYear: null, title: null };

const cellText = (line: string) => clean(line.replace(/\|/g, ' '));

/** The document type written in front of the title's opening words in the body: "ban hành Kế hoạch cải cách hành chính gắn với …". */
function kindBefore(fullText: string, title: string): string | null {
  const opening = title.split(' ').slice(0, 6).join(' ').toLowerCase();
  const escaped = opening.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(Kế hoạch|Chương trình)\\s+${escaped}`, 'iu').exec(fullText)?.[1] ?? null;
}

function readTitle(lines: string[], place: string | null, fullText: string): string | null {
  let title: string | null = null;
  let kind: string | null = null;
  const typeLine = lines.findIndex((l) => /^(?:KẾ HOẠCH|CHƯƠNG TRÌNH)$/u.test(cellText(l)));
  if (typeLine >= 0) {
    kind = cellText(lines[typeLine]!);
    const parts: string[] = [];
    for (let i = typeLine + 1; i < lines.length; i++) {
      const t = cellText(lines[i]!);
      if (t === '') {
        if (parts.length > 0) break;
        continue;
      }
      if (/^\(|^(?:Căn cứ|Theo|Thực hiện|STT)(?!\p{L})|^(?:[IVXLC]+|\d+)\.\s/u.test(t) || lines[i]!.trim().endsWith('|') || t.length > 300) break;
      parts.push(t);
      if (parts.length === 3) break;
    }
    title = parts.join(' ') || null;
  } else {
    const attached = lines.findIndex((l) => /^\(\s*Ban hành kèm theo/iu.test(l.trim()));
    if (attached > 0) {
      const parts: string[] = [];
      for (let i = attached - 1; i >= 0; i--) {
        const raw = lines[i]!.trim();
        if (raw === '' || raw.endsWith('|') || /^(?:QUYẾT ĐỊNH|KẾ HOẠCH)$/u.test(raw)) break;
        parts.unshift(raw);
      }
      title = clean(parts.join(' ')) || null;
      kind = title ? kindBefore(fullText, title) : null;
    }
  }
  if (title === null) return null;
  let text = sentenceCase(title);
  if (place && text !== title) text = text.replace(new RegExp(place.toLowerCase(), 'u'), place);
  const kindWord = kind ? sentenceCase(kind.toUpperCase()) : null;
  if (kindWord && !text.toLowerCase().startsWith(kindWord.toLowerCase())) text = `${kindWord} ${lowerFirst(text)}`;
  return text;
}

/** The facts in a text document's header (and a thuvienphapluat-style footer, if any). */
export function readDocumentFacts(text: string): DocumentFacts {
  const lines = text.split(/\r?\n/);
  const numberLine = lines.map(cellText).find((l) => /^Số(?: hiệu)?\s*:/u.test(l));
  const rawNumber = numberLine ? clean(numberLine.replace(/^Số(?: hiệu)?\s*:\s*/u, '')) : '';
  const number = /^\d/.test(rawNumber) ? rawNumber : null;
  const dateLine = lines.map(cellText).find((l) => /^[\p{L} .'-]+,\s*ngày\b/u.test(l));
  const place = dateLine ? clean(dateLine.split(',')[0]!) : null;
  const issuedOn = dateLine ? vietnameseDate(dateLine) : null;
  const issueYear = dateLine ? Number(/năm\s+(\d{4})/u.exec(dateLine)?.[1] ?? NaN) || null : null;
  const level =
    /ỦY BAN NHÂN DÂN\s+(TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)(?!\p{L})/u.exec(text)?.[1] ??
    /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)\s+ban hành/iu.exec(text)?.[1] ??
    null;
  const issuer = level && place ? `Ủy ban nhân dân ${level.toLowerCase()} ${place}` : null;
  return { number, issuer, place, issuedOn, issueYear, title: readTitle(lines, place, text) };
}

function optionDate(text: string): string | null {
  if (isValidIsoDate(text.trim())) return text.trim();
  return vietnameseDate(text);
}

function findJurisdiction(directory: Directory, idOrName: string): string | null {
  const key = foldKey(idOrName);
  const hit = directory.jurisdictions.find((j) => j.id === idOrName.trim() || foldKey(j.name) === key);
  return hit?.id ?? null;
}

/** The jurisdiction whose name contains the place of issue ("Tuy Phước" → "Huyện Tuy Phước"). */
function jurisdictionOfPlace(directory: Directory, place: string): string | null {
  const key = foldKey(place);
  const hits = directory.jurisdictions.filter((j) => key !== '' && foldKey(j.name).endsWith(key));
  return hits.length === 1 ? hits[0]!.id : null;
}

/** Longest plan id made from a title: workflow ids ("task:<plan>:<ref>/<period>") must stay short. */
export const TITLE_ID_MAX = 40;

const KIND_CODES: [RegExp, string][] = [
  [/^kế hoạch\s+/iu, 'kh'],
  [/^chương trình\s+/iu, 'ctr'],
];

/** Phrases plans name by their usual abbreviation, in the order they are looked for. */
const ABBREVIATIONS: [RegExp, string][] = [
  [/cải cách hành chính|\bCCHC\b/giu, 'cchc'],
  [/thủ tục hành chính|\bTTHC\b/giu, 'tthc'],
  [/chuyển đổi số/giu, 'cds'],
  [/văn bản quy phạm pháp luật|\bVBQPPL\b/giu, 'vbqppl'],
  [/quy phạm pháp luật|\bQPPL\b/giu, 'qppl'],
  [/công nghệ thông tin|\bCNTT\b/giu, 'cntt'],
  [/dịch vụ công trực tuyến|\bDVCTT\b/giu, 'dvctt'],
  [/kinh tế\s*-?\s*xã hội|\bKT-XH\b/giu, 'ktxh'],
];

/** Words that say little about what a plan is about. */
const FILLER = new Set(['va', 'cua', 'cho', 'cac', 'nhung', 've', 'tren', 'trong', 'voi', 'de', 'nham', 'tai', 'theo', 'nam', 'giai', 'doan', 'thuc', 'hien', 'trien', 'khai', 'ban', 'hanh', 'dia']);

/** "huyện Tuy Phước", "tỉnh Thừa Thiên Huế": the place the plan is for, named in its title. */
const PLACE = /\b(?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)\s+(?:\p{Lu}[\p{L}]*\s*)+/gu;

/**
 * A short, readable id for a plan without a number: kind, abbreviations of its subject, its first
 * words, its jurisdiction and year, at most TITLE_ID_MAX characters. The same title, jurisdiction
 * and year give the same id, so importing a plan again finds the same workflows.
 *   "Kế hoạch khắc phục tồn tại, hạn chế … Chỉ số cải cách hành chính huyện Tuy Phước năm 2024"
 *     → "kh-cchc-khac-phuc-tuy-phuoc-2024"
 */
export function titleId(title: string, year: number, jurisdiction: string): string {
  let rest = clean(title);
  let kind: string | null = null;
  for (const [pattern, code] of KIND_CODES) {
    if (pattern.test(rest)) {
      kind = code;
      rest = rest.replace(pattern, '');
      break;
    }
  }
  const abbreviations: string[] = [];
  for (const [pattern, code] of ABBREVIATIONS) {
    if (rest.match(pattern) && !abbreviations.includes(code)) abbreviations.push(code);
    rest = rest.replace(pattern, ' ');
  }
  rest = rest.replace(PLACE, ' ').replace(/\b(?:năm|giai đoạn)\s+\d{4}(?:\s*[-–]\s*\d{4})?/giu, ' ');
  const words = slug(rest).split('-').filter((w) => w !== '' && !FILLER.has(w) && !/^\d+$/.test(w));
  const tail = [slug(jurisdiction), String(year)];
  const head = [...(kind ? [kind] : []), ...abbreviations.slice(0, 2)];
  for (let n = Math.min(2, words.length); n >= 0; n--) {
    const id = [...head, ...words.slice(0, n), ...tail].filter(Boolean).join('-');
    if (id.length <= TITLE_ID_MAX) return id;
  }
  // A long jurisdiction id: keep its first words, and always the year.
  const place = slug(jurisdiction).split('-');
  while (place.length > 1 && [...head, ...place, year].join('-').length > TITLE_ID_MAX) place.pop();
  return [...head, ...place, year].filter(Boolean).join('-').slice(-TITLE_ID_MAX).replace(/^-+/, '');
}

/**
 * The id plans without a number were given before short ids: the slug of the whole title. Plans
 * already running under it keep it (worker/import-runner.ts looks for them when importing again).
 */
export function legacyTitleId(title: string, year: number): string {
  const short = title
    .replace(/^(?:kế hoạch|chương trình)\s+/iu, '')
    .replace(/cải cách hành chính/giu, 'CCHC')
    .replace(/thủ tục hành chính/giu, 'TTHC');
  const s = slug(short);
  return s.endsWith(String(year)) ? s : `${s}-${year}`;
}

export function buildPlan(facts: DocumentFacts, options: PlanOptions, directory: Directory, file: string): Plan {
  const problems: Problem[] = [];
  const fail = (message: string) => problems.push({ file, row: 0, column: null, message, severity: 'error' });

  const number = options.number?.trim() || facts.number;
  const title = options.title?.trim() || facts.title;
  let issuedOn = facts.issuedOn;
  if (options.issuedOn !== undefined) {
    issuedOn = optionDate(options.issuedOn);
    if (issuedOn === null) fail(`Ngày ban hành "${options.issuedOn}" không hợp lệ (dùng YYYY-MM-DD hoặc dd/mm/yyyy).`);
  }
  const titleYear = title ? Number([...title.matchAll(/năm\s+(\d{4})/giu)].pop()?.[1] ?? NaN) || null : null;
  const year = options.year ?? titleYear ?? facts.issueYear;
  if (!title) fail('Không tìm thấy tên kế hoạch trong tệp; hãy cho biết bằng --title.');
  if (!year) fail('Không xác định được năm của kế hoạch; hãy cho biết bằng --year.');

  let jurisdiction: string | null = null;
  if (options.jurisdiction !== undefined) {
    jurisdiction = findJurisdiction(directory, options.jurisdiction);
    if (!jurisdiction) {
      fail(
        `Không có đơn vị hành chính "${options.jurisdiction}" trong danh bạ cơ quan. Có thể tạo từ cơ cấu tổ chức chuẩn bằng: dondoc directory draft <tệp kế hoạch> --jurisdiction "${options.jurisdiction}" --confirm --out <tệp danh bạ>.`,
      );
    }
  } else {
    jurisdiction = (facts.place ? jurisdictionOfPlace(directory, facts.place) : null) ?? (directory.jurisdictions.length === 1 ? directory.jurisdictions[0]!.id : null);
    if (!jurisdiction) {
      const known = directory.jurisdictions.map((j) => `"${j.id}" (${j.name})`).join(', ');
      const where = facts.place ? ` Kế hoạch do cơ quan ở "${facts.place}" ban hành, nhưng danh bạ chưa có đơn vị hành chính này.` : '';
      fail(`Không xác định được đơn vị hành chính của kế hoạch.${where} Hãy cho biết bằng --jurisdiction (mã trong danh bạ${known ? `: ${known}` : ''}).`);
    }
  }
  if (problems.length > 0) throw new ImportError(problems);

  const issueYear = issuedOn ? Number(issuedOn.slice(0, 4)) : (facts.issueYear ?? year!);
  const id = options.id?.trim() || (number ? `${slug(number)}-${issueYear}` : titleId(title!, year!, jurisdiction!));
  const parsed = PlanSchema.safeParse({
    id,
    number: number ?? null,
    issuer: options.issuer?.trim() || facts.issuer,
    jurisdiction,
    issuedOn,
    title,
    year,
    source: file,
  });
  if (!parsed.success) {
    throw new ImportError(
      parsed.error.issues.map((i) => ({ file, row: 0, column: null, message: `Thông tin kế hoạch không hợp lệ (${i.path.join('.')}): ${i.message}`, severity: 'error' as const })),
    );
  }
  return parsed.data;
}
