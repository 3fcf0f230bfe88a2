/**
 * A message as a list of blocks, laid out twice: as the plain-text part and as the HTML part. The
 * templates only choose the words; this module is the only place that writes HTML, and it escapes
 * every piece of text it is given.
 */
import { escapeHtml } from './text';

export type FactRow = { label: string; value: string };

export type Block =
  | { type: 'paragraph'; text: string; emphasis?: boolean }
  | { type: 'facts'; rows: FactRow[] }
  | { type: 'action'; label: string; url: string }
  | { type: 'section'; heading: string; items: SectionItem[] };

/** One entry of a list (a daily digest lists tasks). */
export type SectionItem = { title: string; lines: string[]; url: string };

export type MessageDocument = {
  subject: string;
  greeting: string;
  blocks: Block[];
  footer: string[];
};

export type RenderedMessage = { subject: string; text: string; html: string };

export function layOut(doc: MessageDocument): RenderedMessage {
  return {
    subject: oneLine(doc.subject).normalize('NFC'),
    text: toText(doc).normalize('NFC'),
    html: toHtml(doc).normalize('NFC'),
  };
}

/** Subject lines cannot hold line breaks. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function toText(doc: MessageDocument): string {
  const parts: string[] = [doc.greeting];
  for (const block of doc.blocks) parts.push(blockText(block));
  parts.push(['--', ...doc.footer].join('\n'));
  return parts.join('\n\n') + '\n';
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'facts':
      return block.rows.map((r) => `- ${r.label}: ${indentContinuation(r.value, '  ')}`).join('\n');
    case 'action':
      return `${block.label}:\n${block.url}`;
    case 'section':
      return [
        `${block.heading}`,
        ...block.items.map((item, i) =>
          [`${i + 1}. ${indentContinuation(item.title, '   ')}`, ...item.lines.map((l) => `   ${indentContinuation(l, '   ')}`), `   ${item.url}`].join('\n'),
        ),
      ].join('\n\n');
  }
}

function indentContinuation(text: string, indent: string): string {
  return text.replace(/\r?\n/g, `\n${indent}`);
}

const FONT = "font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1a1a";

function toHtml(doc: MessageDocument): string {
  const body = [
    `<p>${html(doc.greeting)}</p>`,
    ...doc.blocks.map(blockHtml),
    `<hr style="border: none; border-top: 1px solid #ccc; margin-top: 24px">`,
    `<p style="font-size: 12px; color: #666">${doc.footer.map(html).join('<br>')}</p>`,
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(oneLine(doc.subject))}</title>`,
    '</head>',
    `<body style="${FONT}">`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.emphasis ? `<p><strong>${html(block.text)}</strong></p>` : `<p>${html(block.text)}</p>`;
    case 'facts':
      return [
        '<table role="presentation" style="border-collapse: collapse; margin: 8px 0">',
        ...block.rows.map(
          (r) =>
            `<tr><th style="text-align: left; vertical-align: top; padding: 4px 16px 4px 0; white-space: nowrap">${html(r.label)}</th>` +
            `<td style="vertical-align: top; padding: 4px 0">${html(r.value)}</td></tr>`,
        ),
        '</table>',
      ].join('\n');
    case 'action':
      return (
        `<p><a href="${escapeHtml(block.url)}" style="display: inline-block; padding: 8px 16px; background: #0b5cad; color: #ffffff; ` +
        `text-decoration: none; border-radius: 4px">${html(block.label)}</a><br>` +
        `<span style="font-size: 12px; color: #666">${html(block.url)}</span></p>`
      );
    case 'section':
      return [
        `<h3 style="margin: 20px 0 8px">${html(block.heading)}</h3>`,
        '<ol>',
        ...block.items.map(
          (item) =>
            `<li style="margin-bottom: 10px"><a href="${escapeHtml(item.url)}">${html(item.title)}</a>` +
            item.lines.map((l) => `<br><span style="color: #444">${html(l)}</span>`).join('') +
            '</li>',
        ),
        '</ol>',
      ].join('\n');
  }
}

/** Escaped text with its line breaks kept. */
function html(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}
