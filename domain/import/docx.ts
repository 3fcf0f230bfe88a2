/**
 * Appendix tables read straight from a Word (.docx) file: the OOXML package is opened with jszip and
 * its document.xml parsed with fast-xml-parser, keeping the order of paragraphs and tables.
 * Merged cells are read as a spreadsheet reads them: a cell spanning columns (w:gridSpan) has its
 * text in its first column only; a cell merged down rows (w:vMerge) repeats the text of its first
 * row. The paragraphs above each table are kept, for the title and the "Kèm theo …" line.
 */
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import type { SheetCell, SheetRow } from './layout-sheet';

export type DocxTable = {
  /** 1-based order of the table in the document. */
  index: number;
  rows: SheetRow[];
  /** Text of the paragraphs between the previous table and this one (the last 12). */
  preamble: string[];
};

export type DocxContent = { tables: DocxTable[]; paragraphs: string[] };

type Node = Record<string, unknown>;

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false });

const tagOf = (node: Node) => Object.keys(node).find((k) => k !== ':@');
const childrenOf = (node: Node): Node[] => {
  const tag = tagOf(node);
  const value = tag ? node[tag] : undefined;
  return Array.isArray(value) ? (value as Node[]) : [];
};
const attr = (node: Node, name: string) => ((node[':@'] as Record<string, string> | undefined) ?? {})[`@${name}`];
const find = (nodes: Node[], tag: string) => nodes.find((n) => tagOf(n) === tag);

/** The text of a paragraph: runs' w:t, tabs and breaks as spaces. */
function paragraphText(p: Node): string {
  let out = '';
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'w:t')
        out += childrenOf(n)
          .map((c) => String(c['#text'] ?? ''))
          .join('');
      else if (tag === 'w:tab' || tag === 'w:br' || tag === 'w:cr') out += ' ';
      else if (tag && tag !== 'w:rPr' && tag !== 'w:pPr' && tag !== 'w:instrText') walk(childrenOf(n));
    }
  };
  walk(childrenOf(p));
  return out;
}

function cellText(tc: Node): string {
  const parts: string[] = [];
  for (const n of childrenOf(tc)) {
    if (tagOf(n) === 'w:p') parts.push(paragraphText(n));
    else if (tagOf(n) === 'w:sdt') for (const c of childrenOf(find(childrenOf(n), 'w:sdtContent') ?? {})) if (tagOf(c) === 'w:p') parts.push(paragraphText(c));
  }
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join('\n');
}

function readTable(tbl: Node): SheetRow[] {
  const rows: SheetRow[] = [];
  const above: (string | null)[] = [];
  let n = 0;
  for (const tr of childrenOf(tbl).filter((c) => tagOf(c) === 'w:tr')) {
    const cells: SheetCell[] = [];
    const trPr = find(childrenOf(tr), 'w:trPr');
    const before = Number(attr(find(childrenOf(trPr ?? {}), 'w:gridBefore') ?? {}, 'w:val') ?? 0);
    for (let k = 0; k < before; k++) cells.push(null);
    for (const tc of childrenOf(tr).filter((c) => tagOf(c) === 'w:tc')) {
      const tcPr = childrenOf(find(childrenOf(tc), 'w:tcPr') ?? {});
      const span = Math.max(1, Number(attr(find(tcPr, 'w:gridSpan') ?? {}, 'w:val') ?? 1));
      const vMerge = find(tcPr, 'w:vMerge');
      const continued = vMerge !== undefined && attr(vMerge, 'w:val') !== 'restart';
      const at = cells.length;
      const text = continued ? (above[at] ?? '') : cellText(tc);
      cells.push(text === '' ? null : text);
      above[at] = text;
      for (let k = 1; k < span; k++) {
        cells.push(null);
        above[at + k] = null;
      }
    }
    rows.push({ row: ++n, cells });
  }
  return rows;
}

export async function readDocx(data: ArrayBuffer | Uint8Array): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) throw new Error('tệp không có word/document.xml');
  const root = parser.parse(xml) as Node[];
  const document = find(root, 'w:document');
  const body = find(childrenOf(document ?? {}), 'w:body');
  const tables: DocxTable[] = [];
  const paragraphs: string[] = [];
  let since: string[] = [];
  const visit = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'w:p') {
        const t = paragraphText(n).trim();
        if (t !== '') {
          paragraphs.push(t);
          since.push(t);
        }
      } else if (tag === 'w:tbl') {
        tables.push({ index: tables.length + 1, rows: readTable(n), preamble: since.slice(-12) });
        since = [];
      } else if (tag === 'w:sdt') visit(childrenOf(find(childrenOf(n), 'w:sdtContent') ?? {}));
    }
  };
  visit(childrenOf(body ?? {}));
  return { tables, paragraphs };
}
