/**
 * Which template each task of an import follows (issue 14): an explicit choice made in the import
 * preview wins, otherwise the stored templates' matching rules (domain/templates/match.ts), and the
 * generic plan task template catches the rest. The runner starts each task with its template's
 * policy and reference; the preview shows the same choice.
 */
import type { Plan, Task } from '../domain/plan';
import { assignTemplate, builtinTemplates, TemplateChoiceError, type StoredTemplate, type TemplateAssignment } from '../domain/templates';
import type { Database } from '../storage';
import { TemplateStore, TemplateStoreError } from '../storage/templates';

/** The template a task follows, or null for the default policy (no template applies). Throws a Vietnamese error for an impossible explicit choice. */
export type TemplateFor = (task: Task) => TemplateAssignment | null;

/** Explicit choices by task ref: a template id, or an id and version. */
export type TemplateChoices = Record<string, string | { id: string; version?: number }>;

export function templateChooser(plan: Plan, templates: StoredTemplate[], explicit: TemplateChoices = {}): TemplateFor {
  return (task) => assignTemplate(task, plan, templates, explicit[task.ref]);
}

/** The newest version of every template in use, from dondoc's database. */
export function storedTemplates(db: Database): Promise<StoredTemplate[]> {
  return new TemplateStore(db).forMatching();
}

/** The shipped templates as version 1, for a dry run that cannot read the database. */
export function shippedTemplates(): StoredTemplate[] {
  return builtinTemplates().map(({ id, template }) => ({ id, version: 1, template }));
}

/** An explicit choice that cannot be followed, naming the task it was made for. */
export class ImportChoiceError extends TemplateChoiceError {
  constructor(
    readonly ref: string,
    message: string,
  ) {
    super(message);
  }
}

/** "A-01=bao-cao-cchc-quy" or "A-01=bao-cao-cchc-quy@2" (the last "=" separates: template ids have none). */
export const TEMPLATE_CHOICE_PATTERN = /^(.+)=([a-z0-9][a-z0-9-]*)(?:@([1-9]\d{0,5}))?$/;

/** Choices written "ref=id[@version]" (the API's `template` parameter, `dondoc import --template`), by ref; the last one for a ref wins. */
export function parseTemplateChoices(entries: string[]): Record<string, { id: string; version?: number }> {
  const choices: Record<string, { id: string; version?: number }> = {};
  for (const entry of entries) {
    const m = TEMPLATE_CHOICE_PATTERN.exec(entry.trim());
    if (!m) throw new TemplateChoiceError(`“${entry}” không đúng dạng mã-nhiệm-vụ=mã-mẫu hoặc mã-nhiệm-vụ=mã-mẫu@phiên-bản.`);
    choices[m[1]!.trim()] = m[3] === undefined ? { id: m[2]! } : { id: m[2]!, version: Number(m[3]) };
  }
  return choices;
}

/**
 * The chooser of an import with explicit choices, each checked first: the task is in the file, the
 * template (and version) is among `templates`, is in use, is for plan tasks and can drive a task.
 * Pure: the API adds the chosen versions from the database first (`withChosenVersions`).
 * @throws ImportChoiceError naming the task ref, in Vietnamese.
 */
export function checkedChooser(plan: Plan, tasks: Task[], templates: StoredTemplate[], choices: Record<string, { id: string; version?: number }>): TemplateFor {
  const byRef = new Map(tasks.map((t) => [t.ref, t]));
  for (const [ref, choice] of Object.entries(choices)) {
    if (!byRef.has(ref)) throw new ImportChoiceError(ref, `Nhiệm vụ ${ref} không có trong tệp kế hoạch.`);
    const saved = templates
      .filter((t) => t.id === choice.id && (choice.version === undefined || t.version === choice.version))
      .sort((a, b) => b.version - a.version)[0];
    if (!saved)
      throw new ImportChoiceError(
        ref,
        `Không có mẫu “${choice.id}”${choice.version !== undefined ? ` phiên bản ${choice.version}` : ''} để áp dụng cho nhiệm vụ ${ref}.`,
      );
    if (saved.retired)
      throw new ImportChoiceError(
        ref,
        `Mẫu “${saved.template.name}” đã ngừng sử dụng, không áp dụng được cho nhiệm vụ ${ref}; hãy chọn mẫu khác hoặc khôi phục mẫu này.`,
      );
    if (saved.template.appliesTo !== 'task')
      throw new ImportChoiceError(ref, `Mẫu “${saved.template.name}” dành cho hồ sơ thủ tục hành chính, không áp dụng cho nhiệm vụ ${ref}.`);
  }
  const chooser = templateChooser(plan, templates, choices);
  for (const ref of Object.keys(choices)) {
    try {
      chooser(byRef.get(ref)!);
    } catch (error) {
      throw new ImportChoiceError(ref, `Nhiệm vụ ${ref}: ${(error as Error).message}`);
    }
  }
  return chooser;
}

/**
 * The templates in use, with every chosen version that is not among them read from the database:
 * an older version, or a retired template (marked, so that the choice is refused by name).
 */
export async function withChosenVersions(db: Database, choices: Record<string, { id: string; version?: number }>): Promise<StoredTemplate[]> {
  const store = new TemplateStore(db);
  const templates = await store.forMatching();
  for (const choice of Object.values(choices)) {
    const listed = templates.some((t) => t.id === choice.id && (choice.version === undefined || t.version === choice.version));
    if (listed) continue;
    try {
      const saved = await store.get(choice.id, choice.version);
      templates.push({ id: saved.id, version: saved.version, template: saved.template, retired: saved.retiredAt !== null });
    } catch (error) {
      if (!(error instanceof TemplateStoreError)) throw error;
    }
  }
  return templates;
}
