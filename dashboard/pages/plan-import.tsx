/**
 * Nhập kế hoạch: upload a plan file; the preview (nothing started yet) shows the tasks by area, each
 * deadline as read, the problems to fix and what would be sent today and to whom; then confirm.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, query, RequestError } from '../api';
import { Empty, Table } from '../components';
import { messageOf } from '../load';
import { useSession } from '../session';
import type { ImportPreview } from '../../worker/import-preview';
import type { ImportReport } from '../../worker/import-runner';
import type { ImportResult, Problem } from '../../domain/import/types';
import { ColumnPicker, columnParams, unrecognisedColumns, type ColumnChoice } from './import-columns';
import type { ListedTemplate } from './template-shared';

type Preview = ImportResult & { preview: ImportPreview };
type Problems = { problems?: Problem[] };
type Mode = 'track' | 'history';
/** The template chosen for a task in the preview, by ref (a template id); a task not listed follows the rules. */
type Picks = Record<string, string>;
type TaskTemplate = { id: string; name: string };

/** The picks as the API's repeatable `template` parameter ("mã-nhiệm-vụ=mã-mẫu"). */
const templateParams = (picks: Picks): string =>
  Object.entries(picks)
    .map(([ref, id]) => `&template=${encodeURIComponent(`${ref}=${id}`)}`)
    .join('');

/** A task's template in the preview: a picker of the task templates ("Theo quy tắc" by default), and the one it would follow, with why. */
function TemplatePick(props: {
  taskRef: string;
  assigned: ImportPreview['templates'][number] | undefined;
  templates: TaskTemplate[];
  picked: string | undefined;
  busy: boolean;
  onPick: (id: string) => void;
}) {
  const { taskRef, assigned, templates, picked, busy, onPick } = props;
  return (
    <td class="template-pick">
      {templates.length > 0 ? (
        <select
          name={`template-${taskRef}`}
          aria-label={`Mẫu theo dõi của nhiệm vụ ${taskRef}`}
          value={picked ?? ''}
          disabled={busy}
          onChange={(e) => onPick(e.currentTarget.value)}
        >
          <option value="">Theo quy tắc</option>
          {templates.map((t) => (
            <option value={t.id}>{t.name}</option>
          ))}
        </select>
      ) : null}
      <div class="template-name" title={assigned?.reason}>
        {assigned?.name ?? ''}
      </div>
      {assigned ? <div class="hint">{assigned.reason}</div> : null}
    </td>
  );
}

/** What each way of starting a plan under way would send now, and to whom; the user picks one. */
function ModeChoice({ preview, mode, onChange }: { preview: ImportPreview; mode: Mode; onChange: (mode: Mode) => void }) {
  const track = preview.modes.track;
  return (
    <fieldset id="import-mode" class="choices">
      <legend>Cách bắt đầu theo dõi</legend>
      <label class="field checkbox">
        <input type="radio" name="mode" value="track" checked={mode === 'track'} onChange={() => onChange('track')} /> <strong>Theo dõi từ hôm nay</strong>
        <span>
          {' '}
          —{' '}
          {track.messages === 0
            ? 'không có thông báo nào gửi ngay; nhắc và báo cáo theo quy trình tính từ hôm nay.'
            : `gửi ngay ${track.messages} thông báo (mỗi nơi nhận một thông báo hiện tại cho mỗi mốc quá hạn) tới ${track.recipients.length} nơi nhận, rồi nhắc và báo cáo theo quy trình tính từ hôm nay.`}
        </span>
      </label>
      {track.recipients.length > 0 ? (
        <ul id="track-recipients">
          {track.recipients.map((r) => (
            <li>
              {r.name}: {r.messages} thông báo
            </li>
          ))}
        </ul>
      ) : null}
      <label class="field checkbox">
        <input type="radio" name="mode" value="history" checked={mode === 'history'} onChange={() => onChange('history')} />{' '}
        <strong>Nhập làm hồ sơ lịch sử (chỉ ghi trạng thái, không gửi thông báo)</strong>
        <span> — {preview.modes.history.messages === 0 ? 'không gửi thông báo nào, kể cả sau này; trạng thái vẫn có trong báo cáo.' : `gửi ${preview.modes.history.messages} thông báo.`}</span>
      </label>
    </fieldset>
  );
}

/** The template each task would follow, grouped, with the reason on hover; and the tasks no template fits. */
function TemplateSummary({ preview }: { preview: ImportPreview }) {
  if (preview.templates.length === 0 && preview.templateProblems.length === 0) return null;
  const groups = new Map<string, ImportPreview['templates']>();
  for (const t of preview.templates) groups.set(t.name, [...(groups.get(t.name) ?? []), t]);
  return (
    <div id="import-templates">
      <h3>Mẫu theo dõi áp dụng</h3>
      <ul>
        {[...groups].map(([name, tasks]) => (
          <li>
            <strong>{name}</strong>: {tasks.length} nhiệm vụ (
            {tasks.map((t, k) => (
              <>
                {k > 0 ? ', ' : ''}
                <abbr title={t.reason}>{t.ref}</abbr>
              </>
            ))}
            )
          </li>
        ))}
      </ul>
      {preview.templateProblems.length > 0 ? (
        <ul class="problems">
          {preview.templateProblems.map((p) => (
            <li class="tone-bad">
              Nhiệm vụ {p.ref} không khởi chạy được: {p.error}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Tasks whose lead is not in the directory: the monitoring office is asked to assign them. */
function ToAssign({ preview }: { preview: ImportPreview }) {
  if (preview.toAssign.length === 0) return null;
  return (
    <div id="import-to-assign">
      <h3>Nhiệm vụ cần phân công cơ quan chủ trì</h3>
      <p>
        {preview.toAssign.length} nhiệm vụ có cơ quan chủ trì ghi theo văn bản, không có trong danh bạ: thông báo gửi {preview.toAssign[0]!.office} để phân công.
      </p>
      <ul>
        {preview.toAssign.map((t) => (
          <li>
            {t.ref}: {t.lead.join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return <p class="ok">Không phát hiện vấn đề nào trong tệp.</p>;
  return (
    <ul class="problems">
      {problems.map((p) => (
        <li class={p.severity === 'error' ? 'tone-bad' : 'tone-warn'}>
          <strong>{p.severity === 'error' ? 'Lỗi' : 'Lưu ý'}</strong>
          {p.row ? ` — dòng ${p.row}` : ''}
          {p.column ? `, cột “${p.column}”` : ''}: {p.message}
        </li>
      ))}
    </ul>
  );
}

export function PlanImport() {
  const { user, directory } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [report, setReport] = useState<(ImportReport & Problems) | null>(null);
  const [error, setError] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [accept, setAccept] = useState(false);
  const [mode, setMode] = useState<Mode>('track');
  const [columns, setColumns] = useState<ColumnChoice[]>([]);
  const [confirmedMode, setConfirmedMode] = useState<Mode>('track');
  const [picks, setPicks] = useState<Picks>({});
  const [taskTemplates, setTaskTemplates] = useState<TaskTemplate[]>([]);
  const previewed = preview !== null;

  // The task templates an admin may pick from, read once the first preview is shown.
  useEffect(() => {
    if (!previewed || taskTemplates.length > 0) return;
    api<{ templates: ListedTemplate[] }>('/api/templates')
      .then((answer) => setTaskTemplates(answer.templates.filter((t) => t.template.appliesTo === 'task').map((t) => ({ id: t.id, name: t.template.name }))))
      .catch(() => setTaskTemplates([]));
  }, [previewed]);

  if (user.role !== 'admin' && user.role !== 'monitor') return <p id="error" class="error">Chỉ quản trị hệ thống và Văn phòng UBND được nhập kế hoạch.</p>;

  /** Sends the file (a dry run, or the import); false when it was refused. */
  const send = async (dryRun: boolean, chosen = columns, picked = picks): Promise<boolean> => {
    if (!file) {
      setError({ message: 'Chọn tệp kế hoạch (xlsx, docx, csv) trước.', problems: [] });
      return false;
    }
    setBusy(true);
    setError(null);
    try {
      const qs =
        query({ filename: file.name, ...options, dryRun: dryRun ? 'true' : undefined, mode: dryRun ? undefined : mode, acceptProblems: accept ? 'true' : undefined }) +
        columnParams(chosen) +
        templateParams(picked);
      const answer = await api<Preview | (ImportReport & Problems)>(`/api/plans${qs}`, { method: 'POST', raw: file, contentType: 'application/octet-stream' });
      if (dryRun) {
        setPreview(answer as Preview);
        setReport(null);
      } else {
        setConfirmedMode(mode);
        setReport(answer as ImportReport & Problems);
      }
      return true;
    } catch (err) {
      setError({ message: messageOf(err), problems: err instanceof RequestError && Array.isArray(err.details.problems) ? (err.details.problems as Problem[]) : [] });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const areas = new Map<string, ImportResult['tasks']>();
  for (const t of preview?.tasks ?? []) areas.set(t.area ?? 'Chưa phân lĩnh vực', [...(areas.get(t.area ?? 'Chưa phân lĩnh vực') ?? []), t]);
  const errors = preview?.problems.filter((p) => p.severity === 'error').length ?? 0;
  const templateOf = new Map((preview?.preview.templates ?? []).map((t) => [t.ref, t]));
  const suggestions = unrecognisedColumns([...(preview?.problems ?? []), ...(error?.problems ?? [])]);
  const set = (k: string) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setOptions({ ...options, [k]: e.currentTarget.value.trim() });

  return (
    <section id="plan-import" class="page">
      <h1>Nhập kế hoạch</h1>
      <form
        class="action"
        id="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <h3>1. Chọn tệp và xem trước</h3>
        <p class="hint">Xem trước không khởi tạo nhiệm vụ nào và không gửi thư nào. Tệp Excel (.xlsx), Word (.docx) hoặc CSV theo mẫu kế hoạch.</p>
        <div class="fields">
          <label class="field wide">
            <span>Tệp kế hoạch *</span>
            <input
              type="file"
              name="file"
              accept=".xlsx,.docx,.csv"
              required
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0] ?? null);
                setPicks({});
                setPreview(null);
                setReport(null);
              }}
            />
          </label>
          <label class="field">
            <span>Năm kế hoạch</span>
            <input name="year" type="number" min={2021} max={2040} onInput={set('year')} />
          </label>
          {user.role === 'admin' ? (
            <label class="field">
              <span>Đơn vị hành chính</span>
              <select name="jurisdiction" onChange={set('jurisdiction')}>
                <option value="">— Theo tệp —</option>
                {(directory?.jurisdictions ?? []).map((j) => (
                  <option value={j.id}>{j.name}</option>
                ))}
              </select>
            </label>
          ) : null}
          <label class="field wide">
            <span>Tên kế hoạch (khi tệp không ghi)</span>
            <input name="title" onInput={set('title')} />
          </label>
          <label class="field">
            <span>Số hiệu (khi tệp không ghi)</span>
            <input name="number" onInput={set('number')} placeholder="77/KH-UBND" />
          </label>
        </div>
        <ColumnPicker
          choices={columns}
          suggestions={suggestions}
          busy={busy}
          onApply={(chosen) => {
            setColumns(chosen);
            void send(true, chosen);
          }}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Đang đọc tệp…' : 'Xem trước'}
        </button>
      </form>
      <div class="form-error" role="alert" hidden={!error}>
        {error?.message}
        {error?.problems.length ? <ProblemList problems={error.problems} /> : null}
      </div>
      {preview && !report ? (
        <div id="import-preview">
          <h2>Xem trước: {preview.plan.title}</h2>
          <p id="overdue-count">
            {preview.tasks.length} nhiệm vụ;{' '}
            {preview.preview.overdueTasks > 0
              ? `${preview.preview.overdueTasks} nhiệm vụ đã quá hạn ngay khi nhập (${preview.preview.overdueItems} mốc hoặc kỳ đã qua hạn).`
              : 'chưa có nhiệm vụ nào quá hạn.'}
          </p>
          <h3>Vấn đề cần xử lý</h3>
          <ProblemList problems={preview.problems} />
          <h3>Thư sẽ gửi hôm nay</h3>
          {preview.preview.modes.track.messages === 0 ? <Empty>Không có thư nào gửi ngay khi nhập.</Empty> : null}
          <ModeChoice preview={preview.preview} mode={mode} onChange={setMode} />
          <ToAssign preview={preview.preview} />
          <TemplateSummary preview={preview.preview} />
          <h3>Nhiệm vụ theo lĩnh vực</h3>
          {[...areas].map(([area, tasks]) => (
            <>
              <h4>
                {area} ({tasks.length})
              </h4>
              <Table caption={area}>
                <thead>
                  <tr>
                    <th>Mã</th>
                    <th>Nhiệm vụ</th>
                    <th>Cơ quan chủ trì</th>
                    <th>Thời gian (theo kế hoạch)</th>
                    <th>Hạn đọc được</th>
                    {templateOf.size > 0 || taskTemplates.length > 0 ? <th>Mẫu theo dõi</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((t) => (
                    <tr>
                      <td>{t.ref}</td>
                      <td>{t.activity ?? t.task ?? ''}</td>
                      <td>{t.lead.join(', ')}</td>
                      <td>{t.deadlineText}</td>
                      <td>{t.schedule.explanation}</td>
                      {templateOf.size > 0 || taskTemplates.length > 0 ? (
                        <TemplatePick
                          taskRef={t.ref}
                          assigned={templateOf.get(t.ref)}
                          templates={taskTemplates}
                          picked={picks[t.ref]}
                          busy={busy}
                          onPick={(id) => {
                            const next = { ...picks };
                            if (id === '') delete next[t.ref];
                            else next[t.ref] = id;
                            const before = picks;
                            setPicks(next);
                            // A refused pick (a template retired meanwhile) goes back to what the preview shows.
                            void send(true, columns, next).then((ok) => {
                              if (!ok) setPicks(before);
                            });
                          }}
                        />
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          ))}
          <form
            class="action"
            onSubmit={(e) => {
              e.preventDefault();
              void send(false);
            }}
          >
            <h3>2. Xác nhận nhập</h3>
            {errors > 0 ? (
              <label class="field checkbox">
                <input type="checkbox" name="acceptProblems" checked={accept} onChange={(e) => setAccept(e.currentTarget.checked)} />{' '}
                <span>Vẫn nhập dù tệp có {errors} lỗi (các dòng lỗi được bỏ qua hoặc cần sửa sau)</span>
              </label>
            ) : null}
            <button type="submit" id="confirm-import" disabled={busy}>
              {mode === 'history' ? `Xác nhận nhập ${preview.tasks.length} nhiệm vụ làm hồ sơ lịch sử` : `Xác nhận nhập và theo dõi ${preview.tasks.length} nhiệm vụ`}
            </button>
          </form>
        </div>
      ) : null}
      {report ? (
        <div id="import-report" class="ok" role="status">
          <h2>Đã nhập kế hoạch</h2>
          <p>
            Khởi tạo {report.started.length} nhiệm vụ; cập nhật {report.updated.length}; không đổi {report.unchanged.length}
            {report.failed.length ? `; lỗi ${report.failed.length}` : ''}.
          </p>
          <p>{confirmedMode === 'history' ? 'Nhập làm hồ sơ lịch sử: chỉ ghi trạng thái, không gửi thông báo nào.' : 'Theo dõi từ hôm nay: nhắc và báo cáo theo quy trình.'}</p>
          {report.failed.length ? (
            <ul>
              {report.failed.map((f) => (
                <li>
                  {f.ref}: {f.error}
                </li>
              ))}
            </ul>
          ) : null}
          <p>
            <a href={`/tasks?plan=${encodeURIComponent(report.planId)}`}>Xem các nhiệm vụ của kế hoạch</a>
          </p>
        </div>
      ) : null}
    </section>
  );
}
