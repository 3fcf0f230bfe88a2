/**
 * What importing a plan now would send at once, and to whom: the dry run of `dondoc import` and of
 * POST /api/plans shows it before anything starts. Each task is previewed as its workflow would
 * start it (domain/catch-up.ts), against today's working-day calendar.
 */
import { combine, previewTaskNotices } from '../domain/catch-up';
import type { Directory } from '../domain/directory';
import type { ImportResult } from '../domain/import';
import type { Recipient } from '../domain/notification';
import { currentCalendar } from '../activities/calendar';
import { taskInput } from './import-runner';

export type ImportPreview = {
  /** Messages the tasks would send as soon as they start. */
  messages: number;
  /** Who would get them, most first, with a Vietnamese name for each recipient. */
  recipients: { recipient: Recipient; name: string; messages: number }[];
};

export function previewImport(imported: Pick<ImportResult, 'plan' | 'tasks'>, directory: Directory, now: Date = new Date()): ImportPreview {
  const calendar = currentCalendar();
  const previews = imported.tasks.map((task) => {
    const input = taskInput(imported.plan, task, directory);
    return previewTaskNotices({
      kind: input.kind,
      milestones: input.milestones,
      leads: input.leads,
      recurrence: input.recurrence,
      planYear: input.facts.planYear,
      policy: input.policy,
      jurisdiction: input.facts.jurisdiction,
      calendar,
      now,
    });
  });
  const all = combine(previews);
  return {
    messages: all.messages,
    recipients: all.perRecipient.map(({ recipient, messages }) => ({ recipient, name: recipientName(recipient, directory), messages })),
  };
}

export function recipientName(r: Recipient, directory: Directory): string {
  if ('agency' in r) return r.role === 'head' ? `Thủ trưởng ${r.agency}` : r.agency;
  const jurisdiction = directory.jurisdictions.find((j) => j.id === r.jurisdiction);
  const place = jurisdiction ? jurisdiction.name.charAt(0).toLowerCase() + jurisdiction.name.slice(1) : r.jurisdiction;
  if (r.role === 'chair') return `Chủ tịch UBND ${place}`;
  const office = jurisdiction && directory.agencies.find((a) => a.id === jurisdiction.monitor);
  return `${office?.name ?? `Văn phòng UBND ${place}`} (cơ quan theo dõi, đôn đốc)`;
}

/** Lines for a person: how many messages would go out now, to whom. */
export function previewLines(preview: ImportPreview, most = 10): string[] {
  if (preview.messages === 0) return ['Nhập ngay bây giờ: không có thông báo nào được gửi ngay.'];
  const lines = [`Nhập ngay bây giờ sẽ gửi ngay ${preview.messages} thông báo, tới ${preview.recipients.length} nơi nhận:`];
  for (const r of preview.recipients.slice(0, most)) lines.push(`  - ${r.name}: ${r.messages} thông báo`);
  if (preview.recipients.length > most) lines.push(`  - và ${preview.recipients.length - most} nơi nhận khác`);
  return lines;
}
