/**
 * What the template pages share: the API's answers, how dondoc names recipients, categories and
 * periods, the ladder and texts as people read them, the server's refusals split by the field they
 * name, and the preview (a sample task → every reminder, status change and escalation).
 */
import { useState } from 'preact/hooks';
import { api, RequestError } from '../api';
import { Empty, Table } from '../components';
import { vnDate, vnTime } from '../format';
import { messageOf } from '../load';
import { TASK_MESSAGE_KIND_NAMES, TASK_MESSAGE_KINDS } from '../../domain/templates/placeholders';
import type { Template } from '../../domain/templates/schema';
import { LEVEL_RECIPIENT_NAMES, TEMPLATE_CATEGORIES } from '../../domain/templates/names';
import type { PreviewEntry } from '../../domain/templates/preview';
import type { Period } from '../../domain/schedule';

/** One saved version, as GET /api/templates/:id answers it. */
export type SavedTemplate = {
  id: string;
  version: number;
  template: Template;
  savedBy: string;
  savedAt: string;
  retiredAt: string | null;
  deadlineReading: string;
};
export type ListedTemplate = SavedTemplate & { versions: number };
export type TemplateDetail = SavedTemplate & { versions: { version: number; name: string; savedBy: string; savedAt: string }[] };
export type PreviewAnswer = { deadlineReading: string; entries: PreviewEntry[] };

export const PERIOD_NAMES: Record<Period, string> = { week: 'Hằng tuần', month: 'Hằng tháng', quarter: 'Hằng quý', 'half-year': '6 tháng', year: 'Hằng năm' };
export const APPLIES_TO_NAMES = { task: 'Nhiệm vụ trong kế hoạch', file: 'Hồ sơ thủ tục hành chính (một cửa)' } as const;

export { LEVEL_RECIPIENT_NAMES, TASK_MESSAGE_KIND_NAMES, TASK_MESSAGE_KINDS, TEMPLATE_CATEGORIES };

/** How the deadline rule reads: a one-stop file's deadline is its appointment, not a plan's. */
export const deadlineReading = (t: SavedTemplate): string =>
  t.template.appliesTo === 'file' ? 'Theo ngày hẹn trả kết quả ghi trên giấy tiếp nhận hồ sơ.' : t.deadlineReading;

export const templateHref = (id: string, extra = ''): string => `/admin/templates/${encodeURIComponent(id)}${extra}`;

/** "Cấp 2 — sau 5 ngày làm việc quá hạn — Văn phòng UBND — cần xác nhận, nhắc lại mỗi 5 ngày làm việc". */
export function levelWords(level: Template['escalation'][number]): string {
  const to =
    level.to === 'account' ? `${LEVEL_RECIPIENT_NAMES.account} “${level.account ?? ''}”` : level.to ? LEVEL_RECIPIENT_NAMES[level.to] : 'chưa chọn nơi nhận';
  const when = level.afterWorkingDays === 0 ? 'ngày làm việc đầu tiên sau hạn' : `sau ${level.afterWorkingDays} ngày làm việc quá hạn`;
  const ack = level.requireAck
    ? `cần xác nhận; nhắc lại mỗi ${level.repeatEveryWorkingDays} ngày làm việc đến khi có xác nhận`
    : `không cần xác nhận; nhắc lại mỗi ${level.repeatEveryWorkingDays} ngày làm việc`;
  return `${when} — ${to} — ${ack}`;
}

export function reminderWords(template: Template): string {
  const days = template.reminders.workingDaysBefore;
  if (days.length === 0) return 'Không nhắc trước hạn.';
  const list = [...days].sort((a, b) => b - a).map((d) => (d === 0 ? 'đúng ngày hạn' : `trước ${d} ngày làm việc`));
  return `${list.join(', ')}; gửi lúc ${template.reminders.hour}.`;
}

/**
 * The server's refusal split by the field each part names ("escalation.1.afterWorkingDays: …;
 * messages.reminder.subject: …"); parts without a field go under "".
 */
export function fieldErrors(message: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const part of message.split(/; (?=[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)*: )/)) {
    const m = /^([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)*): ([\s\S]*)$/.exec(part);
    const [path, text] = m ? [m[1]!, m[2]!] : ['', part];
    found.set(path, [...(found.get(path) ?? []), text]);
  }
  return found;
}

/** The template's texts per kind of message, as a list (kinds without their own texts use dondoc's). */
export function MessageTexts({ template }: { template: Template }) {
  const kinds = TASK_MESSAGE_KINDS.filter((k) => template.messages[k]);
  if (kinds.length === 0) return <Empty>Dùng nội dung thư mặc định của dondoc cho mọi loại thư.</Empty>;
  return (
    <dl class="facts template-texts">
      {kinds.map((k) => {
        const t = template.messages[k]!;
        return (
          <>
            <dt>{TASK_MESSAGE_KIND_NAMES[k]}</dt>
            <dd>
              {t.subject ? (
                <p class="text-line">
                  <strong>Tiêu đề:</strong> {t.subject}
                </p>
              ) : null}
              {t.body ? <p class="text-body">{t.body}</p> : null}
              {t.action ? (
                <p class="text-line">
                  <strong>Nhãn đường dẫn:</strong> {t.action}
                </p>
              ) : null}
            </dd>
          </>
        );
      })}
    </dl>
  );
}

const ENTRY_NAMES: Record<PreviewEntry['type'], string> = {
  reminder: 'Nhắc việc',
  due_today: 'Đến hạn',
  status: 'Trạng thái',
  overdue: 'Quá hạn',
  escalation: 'Báo cáo cấp trên',
};

export function PreviewTable({ answer }: { answer: PreviewAnswer }) {
  return (
    <div id="template-preview-result">
      <p>
        <strong>Thời hạn đọc được:</strong> {answer.deadlineReading}
      </p>
      {answer.entries.length === 0 ? (
        <Empty>Mẫu không tạo thông báo nào trong khoảng thời gian này.</Empty>
      ) : (
        <Table caption="Lịch nhắc việc và báo cáo" class="cards preview-entries">
          <thead>
            <tr>
              <th>Thời điểm</th>
              <th>Loại</th>
              <th>Nơi nhận</th>
              <th>Nội dung</th>
            </tr>
          </thead>
          <tbody>
            {answer.entries.map((e) => (
              <tr class={`entry-${e.type}`}>
                <td data-label="Thời điểm">{e.type === 'status' ? vnDate(e.date) : vnTime(e.at)}</td>
                <td data-label="Loại">
                  {ENTRY_NAMES[e.type]}
                  {e.level !== undefined ? ` cấp ${e.level}` : ''}
                </td>
                <td data-label="Nơi nhận">{e.to || '—'}</td>
                <td data-label="Nội dung">
                  <span class="entry-summary">{e.summary}</span>
                  {e.message ? (
                    <details class="rendered">
                      <summary class="entry-subject">{e.message.subject}</summary>
                      <p class="text-body">{e.message.text}</p>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

const today = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const plusDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Preview before saving: a sample task, its due date and start date → what the template would send.
 * `template` is a draft (sent whole) or a saved version ({ id, version }).
 */
export function TemplatePreview({
  template,
  onFieldErrors,
  titled = true,
}: {
  template: () => unknown;
  onFieldErrors?: (message: string) => void;
  titled?: boolean;
}) {
  const [sample, setSample] = useState({ title: 'Báo cáo mẫu', lead: 'Sở Nội vụ', product: '', start: today(), due: plusDays(today(), 30) });
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof sample) => (e: { currentTarget: HTMLInputElement }) => setSample({ ...sample, [k]: e.currentTarget.value });
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        template: template(),
        sample: {
          title: sample.title.trim() || 'Nhiệm vụ mẫu',
          lead: sample.lead.trim() || 'Sở Nội vụ',
          product: sample.product.trim() || null,
          planTitle: 'Kế hoạch mẫu',
          deadlineText: null,
        },
        due: sample.due,
        start: sample.start,
      };
      setAnswer(await api<PreviewAnswer>('/api/templates/preview', { method: 'POST', body }));
    } catch (err) {
      setAnswer(null);
      if (!(err instanceof RequestError && err.status === 401)) {
        setError(messageOf(err));
        onFieldErrors?.(messageOf(err));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section id="template-preview" class="preview-box" aria-label="Xem trước (không lưu)">
      {titled ? <h3>Xem trước (không lưu)</h3> : null}
      <p class="hint">
        Một nhiệm vụ mẫu với hạn và ngày bắt đầu: mọi lần nhắc việc, chuyển trạng thái và báo cáo lên cấp trên mà mẫu sẽ tạo, với ngày, nơi nhận và nội dung
        thư.
      </p>
      <div class="fields">
        <label class="field wide">
          <span>Tên nhiệm vụ mẫu</span>
          <input name="sample-title" value={sample.title} onInput={set('title')} />
        </label>
        <label class="field">
          <span>Cơ quan chủ trì</span>
          <input name="sample-lead" value={sample.lead} onInput={set('lead')} />
        </label>
        <label class="field">
          <span>Sản phẩm</span>
          <input name="sample-product" value={sample.product} onInput={set('product')} />
        </label>
        <label class="field">
          <span>Ngày bắt đầu</span>
          <input name="sample-start" type="date" value={sample.start} onInput={set('start')} required />
        </label>
        <label class="field">
          <span>Hạn hoàn thành</span>
          <input name="sample-due" type="date" value={sample.due} onInput={set('due')} required />
        </label>
      </div>
      <button type="button" id="run-preview" class="secondary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Đang tính…' : 'Xem trước'}
      </button>
      <p class="form-error" role="alert" hidden={!error}>
        {error ?? ''}
      </p>
      {answer ? <PreviewTable answer={answer} /> : null}
    </section>
  );
}
