/**
 * The daily digest: one message listing every queued reminder, due-today, overdue and check-in
 * notice of an agency that asked for one email a day instead of one per event.
 */
import { formatVietnamese, type IsoDate } from '../dates';
import type { MessageKind, NotifyRequest } from '../notification';
import { layOut, type Block, type RenderedMessage, type SectionItem } from './layout';
import { dueStatus, taskLink } from './facts';
import { DEFAULT_DASHBOARD_URL, FOOTER_NOTICE, parseNotifyRequest, type RenderOptions } from './render';
import { MessageInputError, type ParsedRequest } from './templates';

/** The kinds an agency in digest mode receives once a day; escalations and the rest stay immediate. */
export const DIGEST_KINDS: readonly MessageKind[] = ['reminder', 'due_today', 'overdue', 'checkin'];

export function isDigestKind(kind: MessageKind): boolean {
  return DIGEST_KINDS.includes(kind);
}

const SECTIONS: { kind: MessageKind; heading: string; count: (n: number) => string }[] = [
  { kind: 'overdue', heading: 'Nhiệm vụ quá hạn', count: (n) => `${n} nhiệm vụ quá hạn` },
  { kind: 'due_today', heading: 'Nhiệm vụ đến hạn hôm nay', count: (n) => `${n} nhiệm vụ đến hạn hôm nay` },
  { kind: 'reminder', heading: 'Nhiệm vụ sắp đến hạn', count: (n) => `${n} nhiệm vụ sắp đến hạn` },
  { kind: 'checkin', heading: 'Nhiệm vụ thường xuyên cần cập nhật tiến độ', count: (n) => `${n} nhiệm vụ cần cập nhật tiến độ` },
];

const SEVERITY: Record<string, number> = { overdue: 3, due_today: 2, reminder: 1, checkin: 0 };

export type DigestInput = {
  /** The agency's name as the directory writes it. */
  agency: string;
  /** The Vietnam day of the digest; days left or late are counted to it. */
  date: IsoDate;
  items: NotifyRequest[];
  recipientsDescription: string;
};

/**
 * One entry per task: when a task was queued several times before the digest went out (a reminder
 * 7 days before, then 3 days before), only its latest notice is listed.
 */
export function latestPerTask(items: ParsedRequest[]): ParsedRequest[] {
  const byTask = new Map<string, ParsedRequest>();
  for (const item of items) {
    const seen = byTask.get(item.subject.workflowId);
    const newer =
      !seen || item.asOf > seen.asOf || (item.asOf === seen.asOf && (SEVERITY[item.kind] ?? 0) > (SEVERITY[seen.kind] ?? 0));
    if (newer) byTask.set(item.subject.workflowId, item);
  }
  return [...byTask.values()];
}

export function renderDigest(input: DigestInput, options: RenderOptions = {}): RenderedMessage {
  const dashboardUrl = (options.dashboardUrl ?? DEFAULT_DASHBOARD_URL).replace(/\/+$/, '');
  const parsed = input.items.map(parseNotifyRequest);
  for (const item of parsed) {
    if (!isDigestKind(item.kind)) {
      throw new MessageInputError(`a '${item.kind}' message is never part of a daily digest (message key "${item.key}")`);
    }
  }
  const items = latestPerTask(parsed);
  if (items.length === 0) throw new MessageInputError(`a daily digest for "${input.agency}" on ${input.date} needs at least one item`);

  const blocks: Block[] = [];
  const counts: string[] = [];
  for (const section of SECTIONS) {
    const inSection = items
      .filter((i) => i.kind === section.kind)
      .sort((a, b) => (a.subject.due ?? '9999').localeCompare(b.subject.due ?? '9999') || a.subject.title.localeCompare(b.subject.title, 'vi'));
    if (inSection.length === 0) continue;
    counts.push(section.count(inSection.length));
    blocks.push({ type: 'section', heading: `${section.heading} (${inSection.length})`, items: inSection.map((i) => digestItem(i, input.date, dashboardUrl)) });
  }

  const date = formatVietnamese(input.date);
  return layOut({
    subject: `[Tổng hợp ngày ${date}] ${items.length} việc cần xử lý – ${input.agency}`,
    greeting: `Kính gửi: ${input.recipientsDescription.trim() || input.agency}.`,
    blocks: [
      { type: 'paragraph', text: `Tổng hợp các nhiệm vụ của ${input.agency} cần chú ý tính đến ngày ${date}: ${counts.join(', ')}.`, emphasis: true },
      ...blocks,
      {
        type: 'paragraph',
        text:
          'Đơn vị nhận thông báo nhắc việc theo hình thức tổng hợp mỗi ngày một thư; ' +
          'thông báo báo cáo lên cấp trên vẫn được gửi ngay khi phát sinh.',
      },
      { type: 'action', label: 'Mở hệ thống theo dõi nhiệm vụ', url: dashboardUrl },
    ],
    footer: [FOOTER_NOTICE],
  });
}

function digestItem(item: ParsedRequest, date: IsoDate, dashboardUrl: string): SectionItem {
  const s = item.subject;
  const lines: string[] = [];
  if (s.planTitle) lines.push(`Kế hoạch: ${s.planTitle}`);
  if (s.product) lines.push(`Sản phẩm: ${s.product}`);
  if (s.due !== null) lines.push(`Hạn hoàn thành: ${formatVietnamese(s.due)} – ${dueStatus(date, s.due)}`);
  else if (s.deadlineText) lines.push(`Thời gian thực hiện: ${s.deadlineText}`);
  if (item.kind === 'checkin' && item.details.period) lines.push(`Kỳ: ${item.details.period}`);
  return { title: s.title, lines, url: taskLink(dashboardUrl, s.workflowId) };
}
