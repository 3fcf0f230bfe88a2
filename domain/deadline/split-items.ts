/**
 * Splits a cleaned "Thời gian" cell into its items: "- …" bullets, paragraphs, inline " - "
 * separators and "Cơ quan: thời gian" pairs. A range such as "Tháng 9 - 10/2025" stays whole.
 */
import { matchForm } from './normalize';

export type CellItem = {
  /** The agency an item is for: the text before its colon, or a leading agency name. */
  agency: string | null;
  text: string;
};

const BULLET = /^(?:[-–—−+•●▪◦*⁃]|\d{1,2}[.)](?=\s+\p{L})|[a-zđ]\)(?=\s))\s*/u;
/** Words that continue a date range after " - " ("Quý III/2025 - Quý I/2026"). */
const RANGE_CONTINUATIONS = new Set(['quý', 'tháng', 'năm', 'ngày', 'đến', 'hết', 'cuối', 'đầu', 'giữa', 'tuần', 'nay', 'q']);
const TIME_WORDS = new Set(['quý', 'tháng', 'năm', 'ngày', 'tuần', 'hằng', 'mỗi', 'khi', 'theo', 'trước', 'sau', 'hạn', 'kỳ', 'xuyên', 'nay']);
const LABELS = /^(?:thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành)?|hạn(?: chót| cuối)?|tiến độ)$/;
const AGENCY_HEAD = /^(?:các\s+)?(?:sở|phòng|ủy ban|uỷ ban|ubnd|văn phòng|trung tâm|ban|bộ phận|chi nhánh|cơ quan|đơn vị|hđnd|thanh tra|công an|chi cục|đài|báo|cổng|bộ|hội đồng)\s/u;
const AGENCY_VERB =
  /\s(?:tổng hợp|báo cáo|chủ trì|thực hiện|hoàn thành|xây dựng|ban hành|gửi|phối hợp|triển khai|tham mưu|tổ chức|rà soát|kiểm tra|cập nhật|trình|theo dõi|đôn đốc|hướng dẫn|công bố|cung cấp|lập|đăng ký)(?=[\s,.;:]|$)/u;

function wordsOf(text: string): string[] {
  return matchForm(text).split(/[^\p{L}\p{M}\d]+/u).filter((w) => w !== '');
}

/** Says something about time: a number or a time word. */
function speaksOfTime(text: string): boolean {
  return /\d/.test(text) || wordsOf(text).some((w) => TIME_WORDS.has(w));
}

/** "Các sở, ban, ngành cấp tỉnh: Cả năm 2025" → agency and time; "Thời gian: …" is only a label. */
function colonSplit(text: string): { agency: string | null; text: string } | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const left = text.slice(0, colon).trim();
  const right = text.slice(colon + 1).trim();
  if (left === '' || left.length > 200 || /\d/.test(left)) return null;
  if (LABELS.test(matchForm(left))) return { agency: null, text: right };
  if (speaksOfTime(left)) return null;
  return { agency: left, text: right };
}

function hasAgencyColon(text: string): boolean {
  return colonSplit(text)?.agency != null;
}

/** "Sở Tư pháp tổng hợp, báo cáo … trước ngày 10/12/2025" → "Sở Tư pháp". */
function leadingAgency(text: string): string | null {
  if (!AGENCY_HEAD.test(matchForm(text))) return null;
  const verb = AGENCY_VERB.exec(text);
  if (!verb) return null;
  const agency = text.slice(0, verb.index).trim().replace(/[,;]$/, '');
  return agency !== '' && !/\d/.test(agency) ? agency : null;
}

/** Splits "A - B" unless B continues a range; inside a bulleted cell every " - " starts an item. */
function splitInline(text: string, bulleted: boolean): string[] {
  const pieces = text.split(/\s+-\s+/);
  const out: string[] = [];
  for (const piece of pieces) {
    const previous = out[out.length - 1];
    const firstWord = wordsOf(piece)[0] ?? '';
    const numberAfterNumber = previous !== undefined && /(?:\d|\b[IVX]+)$/.test(previous) && /^(?:\d|[IVX]+(?![\p{L}\p{M}]))/u.test(piece);
    const continuesRange = numberAfterNumber || (!bulleted && (RANGE_CONTINUATIONS.has(firstWord) || !/^\p{L}/u.test(piece)));
    if (previous !== undefined && continuesRange) out[out.length - 1] = `${previous} - ${piece}`;
    else out.push(piece);
  }
  // "Phòng Văn hóa - Thông tin: Quý II": a dash inside an agency name, not between items.
  const merged: string[] = [];
  for (let k = 0; k < out.length; k++) {
    const piece = out[k] as string;
    const next = out[k + 1];
    if (next !== undefined && !piece.includes(':') && !speaksOfTime(piece) && hasAgencyColon(next)) {
      out[k + 1] = `${piece} - ${next}`;
      continue;
    }
    merged.push(piece);
  }
  return merged;
}

/**
 * "Các sở: Quý II; Sở Tư pháp: Quý IV", "Thường xuyên; Hàng tháng" (items the importer joined):
 * separate items when every segment names an agency or says something about time.
 */
function splitSemicolons(text: string): string[] {
  const segments = text.split(';').map((s) => s.trim()).filter((s) => s !== '');
  // "Trước ngày 05/6/2026; sau đó báo cáo hằng tháng": what follows "sau đó" continues the item.
  if (segments.slice(1).some((s) => /^sau đó(?!\p{L})/u.test(matchForm(s)))) return [text];
  return segments.length >= 2 && segments.every((s) => hasAgencyColon(s) || speaksOfTime(s)) ? segments : [text];
}

export function splitCell(clean: string): CellItem[] {
  const blocks: { text: string; bulleted: boolean }[] = [];
  for (const line of clean.split('\n')) {
    const bullet = BULLET.exec(line);
    const last = blocks[blocks.length - 1];
    if (bullet) blocks.push({ text: line.slice(bullet[0].length).trim(), bulleted: true });
    // A line without a bullet continues the item above (a row split by a page break, mid-sentence)
    // unless it starts a sentence of its own or names an agency.
    else if (last === undefined || hasAgencyColon(line) || /^\p{Lu}/u.test(line)) blocks.push({ text: line, bulleted: false });
    else last.text = `${last.text} ${line}`;
  }
  const bulleted = blocks.some((b) => b.bulleted);
  const texts = blocks
    .flatMap((b) => splitInline(b.text, bulleted))
    .flatMap(splitSemicolons)
    .map((t) => t.replace(/^[-–—−+•●▪◦*⁃]\s*/u, '').trim())
    .filter((t) => t !== '');
  const multi = texts.length > 1;
  return texts
    .map((t) => {
      const pair = colonSplit(t);
      if (pair) return pair;
      return { agency: multi ? leadingAgency(t) : null, text: t };
    })
    .filter((item) => item.text !== '' || item.agency !== null);
}
