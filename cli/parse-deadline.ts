/**
 * `dondoc parse-deadline`: reads Vietnamese deadline phrases and prints their Schedule as JSON.
 *   dondoc parse-deadline --year 2025 [--issued-on 2024-12-25] "Quý II, III"   → one JSON object
 *   dondoc parse-deadline --jsonl < lines.jsonl                                  → one JSON object per input line
 * A bad JSONL line yields {"line": n, "error": "Dòng n: …"} and processing goes on.
 */
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { isValidIsoDate } from '../domain/dates';
import { parseDeadline } from '../domain/deadline';
import { isSupportedYear, MAX_YEAR, MIN_YEAR } from '../domain/deadline/calendar';

type Options = { year?: number; issuedOn?: string; jsonl?: boolean; pretty?: boolean };
type Request = { text: string; planYear: number; issuedOn?: string };

const YEAR_RULE = `một số nguyên từ ${MIN_YEAR} đến ${MAX_YEAR}`;

function parseYearOption(value: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value.trim()) || !isSupportedYear(year)) throw new InvalidArgumentError(`năm phải là ${YEAR_RULE}.`);
  return year;
}

function parseDateOption(value: string): string {
  if (!isValidIsoDate(value)) throw new InvalidArgumentError('ngày phải có dạng YYYY-MM-DD và tồn tại trên lịch.');
  return value;
}

export function parseDeadlineCommand(): Command {
  return new Command('parse-deadline')
    .description('Parse a Vietnamese deadline phrase (an appendix "Thời gian" cell) and print its schedule as JSON')
    .argument('[text...]', 'the deadline phrase, e.g. "Quý II, III"')
    .option('--year <year>', `plan year (${MIN_YEAR}–${MAX_YEAR}); with --jsonl, the default for lines without "planYear"`, parseYearOption)
    .option('--issued-on <date>', 'date the plan was issued (YYYY-MM-DD), for "kể từ ngày ký"', parseDateOption)
    .option('--jsonl', 'read lines {"text": "...", "planYear": 2025, "issuedOn": "..."} from stdin and write one JSON object per line')
    .option('--pretty', 'indent the JSON (single phrase only)')
    .action(async (words: string[], options: Options, command: Command) => {
      if (options.jsonl) {
        if (words.length > 0) command.error('Lỗi: không truyền cụm từ trên dòng lệnh khi dùng --jsonl (dữ liệu đọc từ stdin).');
        await runJsonl(options);
        return;
      }
      const text = words.join(' ');
      if (text.trim() === '') command.error('Lỗi: thiếu cụm từ thời hạn, ví dụ: dondoc parse-deadline --year 2025 "Quý II, III".');
      if (options.year === undefined) command.error('Lỗi: thiếu --year (năm của kế hoạch).');
      const schedule = parseDeadline(text, { planYear: options.year as number, ...(options.issuedOn ? { issuedOn: options.issuedOn } : {}) });
      process.stdout.write(`${JSON.stringify(schedule, null, options.pretty ? 2 : undefined)}\n`);
    });
}

async function runJsonl(options: Options): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const request = readRequest(line, options);
    const output =
      typeof request === 'string'
        ? { line: lineNumber, error: `Dòng ${lineNumber}: ${request}` }
        : parseDeadline(request.text, { planYear: request.planYear, ...(request.issuedOn ? { issuedOn: request.issuedOn } : {}) });
    if (!process.stdout.write(`${JSON.stringify(output)}\n`)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

/** The request on one JSONL line, or what is wrong with it (Vietnamese). */
function readRequest(line: string, defaults: Options): Request | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `không phải JSON hợp lệ (${error instanceof Error ? error.message : String(error)}).`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'cần một đối tượng JSON {"text": "...", "planYear": 2025}.';
  const record = value as Record<string, unknown>;
  if (typeof record.text !== 'string') return 'trường "text" bị thiếu hoặc không phải chuỗi.';
  const planYear = record.planYear ?? defaults.year;
  if (planYear === undefined) return 'thiếu trường "planYear" (và không có --year).';
  if (typeof planYear !== 'number' || !isSupportedYear(planYear)) return `trường "planYear" phải là ${YEAR_RULE}.`;
  const issuedOn = record.issuedOn ?? defaults.issuedOn;
  if (issuedOn !== undefined && issuedOn !== null && (typeof issuedOn !== 'string' || !isValidIsoDate(issuedOn))) {
    return 'trường "issuedOn" phải là ngày dạng YYYY-MM-DD có thật.';
  }
  return { text: record.text, planYear, ...(typeof issuedOn === 'string' ? { issuedOn } : {}) };
}
