/**
 * `dondoc directory init <tỉnh>`: a new jurisdiction from the standard 2025 structure of a province.
 * `dondoc directory draft <plan> --jurisdiction <tên>`: every agency the plan names, with its
 * proposed canonical name and the entries it may be; with --confirm, the draft's new agencies are
 * added to the directory written to --out (contacts to fill in). Exit codes: 0 done, 2 bad input.
 */
import { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { foldKey } from '../domain/agencies';
import { DirectorySchema, type Directory } from '../domain/directory';
import { loadDefaultDirectory, readPlanRows } from '../domain/import';
import { draftAgencies, type DraftEntry } from '../domain/import/draft';
import { parseColumnOverrides } from '../domain/import/headers';
import { directoryFromStructure, jurisdictionSlug, PROVINCE_STRUCTURE_FILE, StructureSchema, type Structure } from '../domain/structure';
import type { Output } from './import';

const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) };

export type DraftCliOptions = { jurisdiction: string; directory?: string; json?: boolean; confirm?: boolean; out?: string; column?: string[] };

async function loadStructure(): Promise<Structure> {
  return StructureSchema.parse(JSON.parse(await readFile(PROVINCE_STRUCTURE_FILE, 'utf8')));
}

async function loadDirectory(path: string | undefined): Promise<Directory> {
  return path ? DirectorySchema.parse(JSON.parse(await readFile(path, 'utf8'))) : loadDefaultDirectory();
}

function findJurisdiction(directory: Directory, name: string): string | null {
  const key = foldKey(name);
  const slug = jurisdictionSlug(name);
  return directory.jurisdictions.find((j) => j.id === name.trim() || j.id === slug || foldKey(j.name) === key || foldKey(j.name).endsWith(key))?.id ?? null;
}

const STATUS: Record<DraftEntry['status'], string> = {
  known: 'đã có trong danh bạ',
  new: 'cần thêm vào danh bạ',
  role: 'loại đơn vị, giữ nguyên',
  outside: 'ngoài bộ máy, giữ nguyên',
};

export function draftLines(entries: DraftEntry[], jurisdictionName: string): string[] {
  const lines = [`Danh bạ dự thảo cho ${jurisdictionName}: ${entries.length} cơ quan, đơn vị được kế hoạch nêu tên.`];
  for (const e of entries) {
    lines.push(`- ${e.proposed} [${STATUS[e.status]}]${e.lead ? ' (chủ trì)' : ''}: dòng ${e.rows.join(', ')}`);
    const others = e.written.filter((w) => w !== e.proposed);
    if (others.length > 0) lines.push(`    cách viết trong kế hoạch: ${others.map((w) => `"${w}"`).join(', ')}`);
    if (e.mayBe.length > 0) lines.push(`    có thể là: ${e.mayBe.map((w) => `"${w}"`).join(', ')}`);
    if (e.note) lines.push(`    ghi chú: ${e.note}`);
  }
  return lines;
}

/** The directory with the draft's new agencies added to the jurisdiction (aliases: the plan's other spellings). */
export function confirmDraft(directory: Directory, jurisdictionId: string, entries: DraftEntry[]): Directory {
  const agencies = [...directory.agencies];
  const ids = new Set(agencies.map((a) => a.id));
  for (const e of entries.filter((x) => x.status === 'new')) {
    // A former name ("Sở KH&ĐT") becomes another spelling of the body it is now, when the jurisdiction has it.
    const present = e.now ? agencies.findIndex((a) => a.jurisdiction === jurisdictionId && a.name === e.now) : -1;
    if (present >= 0) {
      const a = agencies[present]!;
      agencies[present] = { ...a, aliases: [...new Set([...a.aliases, ...e.written])] };
      continue;
    }
    let id = `${jurisdictionId}-${jurisdictionSlug(e.proposed)}`.slice(0, 80).replace(/-+$/, '');
    for (let n = 2; ids.has(id); n++) id = `${id}-${n}`;
    ids.add(id);
    const aliases = e.written.filter((w) => foldKey(w) !== foldKey(e.proposed));
    agencies.push({
      id,
      name: e.proposed,
      jurisdiction: jurisdictionId,
      aliases,
      contacts: { officer: [], head: [] },
      digest: false,
      note: 'Thêm từ dự thảo danh bạ; cần bổ sung người liên hệ.',
    });
  }
  return DirectorySchema.parse({ ...directory, agencies });
}

export async function runDraft(file: string, opts: DraftCliOptions, io: Output = consoleOutput): Promise<number> {
  let directory: Directory;
  let structure: Structure;
  try {
    directory = await loadDirectory(opts.directory);
    structure = await loadStructure();
  } catch (err) {
    io.err(`Không đọc được danh bạ cơ quan: ${(err as Error).message}`);
    return 2;
  }
  let jurisdiction = findJurisdiction(directory, opts.jurisdiction);
  let created = false;
  if (!jurisdiction) {
    directory = directoryFromStructure(structure, opts.jurisdiction, directory);
    jurisdiction = directory.jurisdictions[directory.jurisdictions.length - 1]!.id;
    created = true;
  }
  const name = directory.jurisdictions.find((j) => j.id === jurisdiction)!.name;
  let entries: DraftEntry[];
  try {
    const rows = await readPlanRows(file, opts.column?.length ? parseColumnOverrides(opts.column) : undefined);
    entries = draftAgencies(rows, directory, jurisdiction, structure);
  } catch (err) {
    const problems = (err as { problems?: { message: string }[] }).problems;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') io.err(`Không tìm thấy tệp "${file}".`);
    else io.err(problems ? problems.map((p) => p.message).join('\n') : (err as Error).message);
    return 2;
  }
  if (opts.json) io.out(JSON.stringify({ jurisdiction: { id: jurisdiction, name, created }, entries }, null, 2));
  else {
    if (created) io.out(`${name} chưa có trong danh bạ: tạo mới từ cơ cấu tổ chức chuẩn sau sắp xếp năm 2025 (${jurisdiction}).`);
    for (const line of draftLines(entries, name)) io.out(line);
  }
  if (opts.confirm) {
    if (!opts.out) {
      io.err('Cần --out <tệp> để ghi danh bạ đã xác nhận.');
      return 2;
    }
    const confirmed = confirmDraft(directory, jurisdiction, entries);
    await writeFile(opts.out, `${JSON.stringify(confirmed, null, 2)}\n`);
    const added = entries.filter((e) => e.status === 'new').length;
    io.err(`Đã ghi danh bạ vào ${opts.out}: thêm ${added} cơ quan cho ${name}; hãy bổ sung người liên hệ trước khi nhập kế hoạch.`);
  }
  return 0;
}

export async function runInit(province: string, opts: { directory?: string; out?: string }, io: Output = consoleOutput): Promise<number> {
  try {
    const directory = directoryFromStructure(await loadStructure(), province, await loadDirectory(opts.directory));
    const text = `${JSON.stringify(directory, null, 2)}\n`;
    if (opts.out) {
      await writeFile(opts.out, text);
      const j = directory.jurisdictions[directory.jurisdictions.length - 1]!;
      io.err(`Đã ghi danh bạ vào ${opts.out}: thêm ${j.name} (${j.id}) với cơ cấu tổ chức chuẩn sau sắp xếp năm 2025.`);
    } else io.out(text);
    return 0;
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
}

export function directoryCommand(): Command {
  const command = new Command('directory').description('Agency directory: start a jurisdiction, draft entries from a plan');
  command
    .command('init')
    .description('Add a province with the standard structure of its bodies after the 2025 reorganisation')
    .argument('<province>', 'province name, e.g. "Quảng Trị"')
    .option('--directory <file>', 'directory (JSON) to add to, instead of the current one')
    .option('--out <file>', 'write the directory here instead of printing it')
    .action(async (province: string, opts: { directory?: string; out?: string }) => {
      process.exitCode = await runInit(province, opts);
    });
  command
    .command('draft')
    .description('List every agency a plan names, with proposed canonical names and the entries each may be')
    .argument('<file>', 'the plan file (.xlsx, .csv, .docx, .txt)')
    .requiredOption('--jurisdiction <name>', 'jurisdiction id or name; a province not in the directory starts from the standard structure')
    .option('--directory <file>', 'agency directory (JSON) to use instead of the current one')
    .option('--json', 'print the draft as JSON')
    .option('--confirm', 'add the draft’s new agencies to the directory written to --out')
    .option('--out <file>', 'where --confirm writes the directory')
    .option('--column <mapping>', 'give a column its role, e.g. "Tên cột=lead"; repeatable', (v: string, all: string[] = []) => [...all, v])
    .action(async (file: string, opts: DraftCliOptions) => {
      process.exitCode = await runDraft(file, opts);
    });
  return command;
}
