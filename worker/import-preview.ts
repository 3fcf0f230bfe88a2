/**
 * What importing a plan now would send at once, and to whom: the dry run of `dondoc import` and of
 * POST /api/plans shows it before anything starts. Each task is previewed as its workflow would
 * start it (domain/catch-up.ts), against today's working-day calendar, for each way of starting a
 * plan already under way: tracked from today (one current notice per late item and recipient),
 * or imported as history (statuses only, no messages).
 */
import { combine, lateItems, previewTaskNotices, type StartMode } from '../domain/catch-up';
import type { Directory } from '../domain/directory';
import type { ImportResult } from '../domain/import';
import type { Recipient } from '../domain/notification';
import { assignDescription, needsAssignment } from '../domain/messages/recipients';
import { currentCalendar } from '../activities/calendar';
import { taskInput } from './import-runner';
import type { TemplateFor } from './import-templates';

export type ModePreview = {
  /** Messages the tasks would send as soon as they start. */
  messages: number;
  /** Who would get them, most first, with a Vietnamese name for each recipient. */
  recipients: { recipient: Recipient; name: string; messages: number }[];
};

export type ImportPreview = ModePreview & {
  /** Tasks with at least one item (checkpoint, period) already past its due date. */
  overdueTasks: number;
  /** Late items in all: a task's checkpoints and a recurring duty's periods each count. */
  overdueItems: number;
  /** What each way of starting would send now; `messages` and `recipients` above are `modes.track`. */
  modes: Record<StartMode, ModePreview>;
  /** Tasks whose lead is kept as written (not in the directory): the monitoring office is asked to assign them. */
  toAssign: { ref: string; lead: string[]; office: string }[];
  /** The template each task would follow, and why (empty when the import uses no templates). */
  templates: { ref: string; template: { id: string; version: number }; name: string; reason: string }[];
  /** Tasks whose template choice is impossible, with the reason in Vietnamese; they would not start. */
  templateProblems: { ref: string; error: string }[];
};

export function previewImport(
  imported: Pick<ImportResult, 'plan' | 'tasks'>,
  directory: Directory,
  options: { now?: Date; templateFor?: TemplateFor } = {},
): ImportPreview {
  const now = options.now ?? new Date();
  const calendar = currentCalendar();
  let overdueTasks = 0;
  let overdueItems = 0;
  const templates: ImportPreview['templates'] = [];
  const templateProblems: ImportPreview['templateProblems'] = [];
  const previews = imported.tasks.flatMap((task) => {
    let chosen;
    try {
      chosen = options.templateFor?.(task) ?? null;
    } catch (error) {
      templateProblems.push({ ref: task.ref, error: (error as Error).message });
      return [];
    }
    if (chosen) templates.push({ ref: task.ref, template: chosen.template, name: chosen.name, reason: chosen.reason });
    const input = taskInput(imported.plan, task, directory, chosen?.policy, chosen?.template);
    const preview = {
      kind: input.kind,
      milestones: input.milestones,
      leads: input.leads,
      recurrence: input.recurrence,
      planYear: input.facts.planYear,
      policy: input.policy,
      jurisdiction: input.facts.jurisdiction,
      calendar,
      now,
    };
    const late = lateItems(preview);
    overdueItems += late;
    if (late > 0) overdueTasks++;
    return [previewTaskNotices(preview)];
  });
  const all = combine(previews);
  const jurisdiction = imported.plan.jurisdiction;
  const track: ModePreview = {
    messages: all.messages,
    recipients: all.perRecipient.map(({ recipient, messages }) => ({ recipient, name: recipientName(recipient, directory, jurisdiction), messages })),
  };
  const office = officeName(directory, jurisdiction);
  const toAssign = imported.tasks.flatMap((task) => {
    const lead = task.lead.filter((name) => needsAssignment(directory, name));
    return lead.length > 0 ? [{ ref: task.ref, lead, office }] : [];
  });
  return { ...track, overdueTasks, overdueItems, modes: { track, history: { messages: 0, recipients: [] } }, toAssign, templates, templateProblems };
}

/**
 * A recipient in Vietnamese. A lead kept as written (not in the directory) is reached through the
 * monitoring office of the plan's jurisdiction, which is asked to assign it.
 */
export function recipientName(r: Recipient, directory: Directory, planJurisdiction?: string): string {
  if ('agency' in r) {
    if (planJurisdiction !== undefined && needsAssignment(directory, r.agency)) {
      return assignDescription(officeName(directory, planJurisdiction), r.agency);
    }
    return r.role === 'head' ? `Thủ trưởng ${r.agency}` : r.agency;
  }
  if (r.role === 'chair') return `Chủ tịch UBND ${place(directory, r.jurisdiction)}`;
  return `${officeName(directory, r.jurisdiction)} (cơ quan theo dõi, đôn đốc)`;
}

function place(directory: Directory, id: string): string {
  const jurisdiction = directory.jurisdictions.find((j) => j.id === id);
  return jurisdiction ? jurisdiction.name.charAt(0).toLowerCase() + jurisdiction.name.slice(1) : id;
}

function officeName(directory: Directory, id: string): string {
  const jurisdiction = directory.jurisdictions.find((j) => j.id === id);
  const office = jurisdiction && directory.agencies.find((a) => a.id === jurisdiction.monitor);
  return office?.name ?? `Văn phòng UBND ${place(directory, id)}`;
}

/** Lines for a person: how many tasks are late, and what each way of importing would send now, to whom. */
export function previewLines(preview: ImportPreview, most = 10): string[] {
  const lines: string[] = [];
  if (preview.overdueTasks > 0) {
    lines.push(`${preview.overdueTasks} nhiệm vụ đã quá hạn (${preview.overdueItems} mốc hoặc kỳ đã qua hạn). Chọn một trong hai cách nhập:`);
  } else lines.push('Chưa có nhiệm vụ nào quá hạn.');
  const track = preview.modes.track;
  if (track.messages === 0) lines.push('- Theo dõi từ hôm nay (mặc định, --mode track): không có thông báo nào được gửi ngay.');
  else {
    lines.push(
      `- Theo dõi từ hôm nay (mặc định, --mode track): gửi ngay ${track.messages} thông báo (mỗi nơi nhận một thông báo hiện tại cho mỗi mốc quá hạn), tới ${track.recipients.length} nơi nhận, rồi nhắc và báo cáo theo quy trình tính từ hôm nay:`,
    );
    for (const r of track.recipients.slice(0, most)) lines.push(`    ${r.name}: ${r.messages} thông báo`);
    if (track.recipients.length > most) lines.push(`    và ${track.recipients.length - most} nơi nhận khác`);
  }
  if (preview.overdueTasks > 0 || track.messages > 0) {
    lines.push('- Nhập làm lịch sử (--mode history): chỉ ghi trạng thái để báo cáo, không gửi thông báo nào, kể cả sau này.');
  }
  if (preview.toAssign.length > 0) {
    lines.push(
      `${preview.toAssign.length} nhiệm vụ có cơ quan chủ trì ghi theo văn bản, không có trong danh bạ: thông báo gửi ${preview.toAssign[0]!.office} để phân công (${preview.toAssign
        .slice(0, most)
        .map((t) => `${t.ref}: ${t.lead.join(', ')}`)
        .join('; ')}${preview.toAssign.length > most ? '; …' : ''}).`,
    );
  }
  if (preview.templates.length > 0) {
    const byTemplate = new Map<string, string[]>();
    for (const t of preview.templates) byTemplate.set(t.name, [...(byTemplate.get(t.name) ?? []), t.ref]);
    lines.push('Mẫu theo dõi áp dụng cho từng nhiệm vụ:');
    for (const [name, refs] of byTemplate) lines.push(`    ${name}: ${refs.length} nhiệm vụ (${refs.slice(0, most).join(', ')}${refs.length > most ? ', …' : ''})`);
  }
  for (const p of preview.templateProblems) lines.push(`Nhiệm vụ ${p.ref} không khởi chạy được: ${p.error}`);
  return lines;
}
