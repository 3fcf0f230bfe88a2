/**
 * What an import does with each task's template, in one pure call: the version the task follows
 * (chosen in the import preview, else matched by the rules, else the generic template), why, and
 * the policy its workflow runs. worker/import-runner.ts starts the task with `policy` and
 * `template`; the import preview shows `name` and `reason`.
 */
import type { Plan, Task } from '../plan';
import type { TaskPolicy } from '../policy';
import { matchTemplate, type StoredTemplate } from './match';
import { toTaskPolicy, type TemplateRef } from './policy';

export type TemplateAssignment = {
  template: TemplateRef;
  name: string;
  /** Vietnamese: "Chọn trực tiếp khi nhập kế hoạch", "Khớp quy tắc: …". */
  reason: string;
  explicit: boolean;
  policy: TaskPolicy;
};

/**
 * @param explicit the choice made for this task in the import preview (id, or id and version); wins over the rules.
 * @throws TemplateChoiceError for an explicit choice that does not exist or is for one-stop files;
 *   TemplateUseError for a template that cannot drive a task (a level to a named account).
 * @returns null when no template applies (no generic template among `templates`): the default policy.
 */
export function assignTemplate(
  task: Task,
  plan: Plan,
  templates: StoredTemplate[],
  explicit?: string | { id: string; version?: number },
): TemplateAssignment | null {
  const match = matchTemplate(task, plan, templates, explicit);
  if (!match) return null;
  const { id, version, template } = match.template;
  return { template: { id, version }, name: template.name, reason: match.reason, explicit: match.explicit, policy: toTaskPolicy(template) };
}
