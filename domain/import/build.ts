/**
 * From a row as read to a validated Task: agencies resolved against the directory, the deadline
 * parsed, the budget read. A row without work or deadline is reported as an error and left out;
 * doubtful readings are reported as warnings. Nothing is invented: an agency the directory does not
 * know is a problem, never a new name, and a near miss is only suggested.
 *
 * A row whose lead is missing or names no known agency is still a task: it is reported as an error
 * ("cần giao cơ quan chủ trì") and, when imported with --accept-problems, given to the jurisdiction's
 * monitoring office, which assigns it; the lead as written stays in leadText. A lead that is a kind
 * of unit ("các đơn vị sự nghiệp") or a body outside the administration (a ministry, a university, a
 * business) is kept as written, with a warning.
 */
import { isRole, findGroup, resolveAgencies, suggestAgency, unlistedKind } from '../agencies';
import { parseDeadline } from '../deadline';
import type { Directory } from '../directory';
import { TaskSchema, type Plan, type Task } from '../plan';
import { readBudget } from './budget';
import { splitLeadCell } from './lead';
import type { Problem, RawTask } from './types';

/** Name of the jurisdiction's monitoring office, which assigns tasks nobody was given. */
function monitorOf(directory: Directory, jurisdiction: string): string | null {
  const id = directory.jurisdictions.find((j) => j.id === jurisdiction)?.monitor;
  return directory.agencies.find((a) => a.id === id)?.name ?? null;
}

const orNull = (text: string | null) => (text === null || text.trim() === '' ? null : text.trim());
/** "- Rà soát văn bản", "+ Kiểm tra": a list item's bullet is not part of the work. */
const work = (text: string | null) => orNull(text === null ? null : text.replace(/^\s*[-+•–*]\s+/u, ''));

export function buildTasks(rows: RawTask[], plan: Plan, directory: Directory, file: string): { tasks: Task[]; problems: Problem[] } {
  const tasks: Task[] = [];
  const problems: Problem[] = [];
  const firstRowOfRef = new Map<string, number>();

  for (const raw of rows) {
    const at = (column: string | undefined, message: string, severity: Problem['severity'] = 'error') =>
      problems.push({ file, row: raw.row, column: column ?? null, message, severity });
    const h = raw.headers;

    const activity = work(raw.activity);
    const task = work(raw.task);
    const objective = work(raw.objective);
    if (!activity && !task && !objective) at(h.activity ?? h.task ?? h.objective, 'Thiếu nội dung công việc (hoạt động, nhiệm vụ hoặc mục tiêu).');

    const split = splitLeadCell(raw.lead.trim());
    let lead: string[] = [];
    const jurisdictionName = directory.jurisdictions.find((j) => j.id === plan.jurisdiction)?.name ?? plan.jurisdiction;
    const place = jurisdictionName.charAt(0).toLowerCase() + jurisdictionName.slice(1);
    const hint = (u: string) => {
      const near = suggestAgency(u, directory, plan.jurisdiction);
      return near ? ` Có phải là "${near}"?` : '';
    };
    if (split.lead === '') at(h.lead, 'Thiếu cơ quan chủ trì.');
    else {
      let resolved = resolveAgencies(split.lead, directory, plan.jurisdiction);
      // "Các Cục, Vụ được giao": a kind of unit named by a whole cell stays whole.
      if (resolved.names.length === 0 && resolved.unknown.length > 1 && unlistedKind(split.lead) === 'role') resolved = { names: [], unknown: [split.lead] };
      const kept: string[] = [];
      for (const u of resolved.unknown) {
        const kind = unlistedKind(u);
        if (kind) {
          kept.push(u);
          at(
            h.lead,
            kind === 'role'
              ? `Chủ trì "${u}" là một loại đơn vị, không có trong danh bạ; được giữ nguyên như văn bản ghi.`
              : `Chủ trì "${u}" là cơ quan, tổ chức ngoài danh bạ của đơn vị hành chính; được giữ nguyên như văn bản ghi.`,
            'warning',
          );
        } else at(h.lead, `Không nhận ra cơ quan chủ trì: "${u}". Hãy thêm vào danh bạ cơ quan của ${place} hoặc sửa tên trong tệp.${hint(u)}`);
      }
      lead = [...resolved.names, ...kept];
      for (const name of lead.filter((n) => isRole(directory, n, plan.jurisdiction))) {
        const note = findGroup(directory, name, plan.jurisdiction)?.note;
        at(h.lead, `Chủ trì "${name}" là một vai trò, không phải một cơ quan cụ thể${note ? `: ${note}` : '.'}`, 'warning');
      }
    }

    const coordinatingText = [raw.coordinating.trim(), split.coordinating].filter((t) => t !== '').join('; ');
    const coordinating: string[] = [];
    if (coordinatingText !== '') {
      const column = raw.coordinating.trim() !== '' ? h.coordinating : h.lead;
      const resolved = resolveAgencies(coordinatingText, directory, plan.jurisdiction);
      for (const u of resolved.unknown) {
        if (unlistedKind(u)) continue;
        at(column, `Không nhận ra cơ quan phối hợp: "${u}"; cơ quan này sẽ không được thông báo.${hint(u)}`, 'warning');
      }
      for (const name of resolved.names) {
        if (lead.includes(name) || coordinating.includes(name)) continue;
        if (isRole(directory, name, plan.jurisdiction)) at(column, `Cơ quan phối hợp "${name}" không chỉ rõ cơ quan nào; không đưa vào danh sách phối hợp.`, 'warning');
        else coordinating.push(name);
      }
    }

    const deadlineText = raw.deadline.trim();
    let schedule: Task['schedule'] | null = null;
    if (deadlineText === '') at(h.deadline, 'Thiếu thời gian thực hiện.');
    else {
      try {
        schedule = parseDeadline(deadlineText, plan.issuedOn ? { planYear: plan.year, issuedOn: plan.issuedOn } : { planYear: plan.year });
      } catch (err) {
        at(h.deadline, `Không đọc được thời gian "${deadlineText}": ${(err as Error).message}`);
      }
    }

    const budget = readBudget(raw.budget, raw.budgetUnit);
    if (budget.ambiguous && budget.budget && 'millionVnd' in budget.budget) {
      at(
        h.budget,
        `Kinh phí "${String(raw.budget).trim()}" được hiểu là ${budget.budget.millionVnd.toLocaleString('vi-VN')} triệu đồng (dấu phẩy/dấu chấm phân cách hàng nghìn); hãy kiểm tra lại.`,
        'warning',
      );
    }

    const seen = firstRowOfRef.get(raw.ref);
    if (seen !== undefined) at(h.ref ?? h.stt, `Mã "${raw.ref}" trùng với dòng ${seen}; dòng này không được nhập.`);
    if ((!activity && !task && !objective) || schedule === null || seen !== undefined) continue;
    if (lead.length === 0) {
      const monitor = monitorOf(directory, plan.jurisdiction);
      if (!monitor) continue;
      at(h.lead, `Nhiệm vụ cần giao cơ quan chủ trì: nếu nhập với --accept-problems, nhiệm vụ được giao tạm cho ${monitor} (cơ quan theo dõi) để phân công.`, 'warning');
      lead = [monitor];
    }
    firstRowOfRef.set(raw.ref, raw.row);

    const candidate: Task = {
      planId: plan.id,
      ref: raw.ref,
      source: { file, row: raw.row },
      area: orNull(raw.area),
      group: orNull(raw.group),
      objective,
      task,
      activity,
      product: orNull(raw.product),
      lead,
      leadText: raw.lead.trim(),
      coordinating,
      deadlineText,
      schedule,
      budget: budget.budget,
      notes: orNull(raw.notes),
      context: raw.context,
    };
    const parsed = TaskSchema.safeParse(candidate);
    if (!parsed.success) {
      at(undefined, `Nhiệm vụ ${raw.ref} không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      continue;
    }
    tasks.push(parsed.data);
  }
  return { tasks, problems };
}
