/**
 * Which template each task of an import follows (issue 14): an explicit choice made in the import
 * preview wins, otherwise the stored templates' matching rules (domain/templates/match.ts), and the
 * generic plan task template catches the rest. The runner starts each task with its template's
 * policy and reference; the preview shows the same choice.
 */
import type { Plan, Task } from '../domain/plan';
import { assignTemplate, builtinTemplates, type StoredTemplate, type TemplateAssignment } from '../domain/templates';
import type { Database } from '../storage';
import { TemplateStore } from '../storage/templates';

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
