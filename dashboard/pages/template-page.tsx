/**
 * One template: its version as dondoc reads it (deadline rule, reminders, the ladder with its
 * recipients, acknowledgement and repeat, matching rules, message texts), every version kept (who
 * saved it and when), and what the account may do with it: edit, clone, retire or restore (admin);
 * preview a sample task and start tasks from it for agencies or a group (admin, monitor); move
 * running tasks to its newest version (admin).
 */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ActionForm, Empty, Facts, Field, Loading, PageError, Select, Table, TextArea } from '../components';
import { vnTime } from '../format';
import { useLoad } from '../load';
import { navigate, taskHref } from '../router';
import { useSession } from '../session';
import { isWithin } from '../../domain/jurisdictions';
import type { Directory, User } from '../types';
import {
  APPLIES_TO_NAMES,
  deadlineReading,
  levelWords,
  MessageTexts,
  PERIOD_NAMES,
  reminderWords,
  templateHref,
  TemplatePreview,
  type SavedTemplate,
  type TemplateDetail,
} from './template-shared';

type StartAnswer = {
  planId: string;
  started: string[];
  updated: string[];
  unchanged: string[];
  failed: { ref: string; error: string }[];
  template: { id: string; version: number };
};
type MoveAnswer = { template: { id: string; version: number }; moved: string[]; skipped: { id: string; reason: string }[] };

function Ladder({ shown }: { shown: SavedTemplate }) {
  const levels = shown.template.escalation;
  if (levels.length === 0) return <Empty>Mẫu không báo cáo lên cấp trên khi quá hạn.</Empty>;
  return (
    <ol id="template-ladder" class="ladder">
      {levels.map((l) => (
        <li>
          <strong>Cấp {l.level}:</strong> {levelWords(l)}
        </li>
      ))}
    </ol>
  );
}

function Matching({ shown }: { shown: SavedTemplate }) {
  const m = shown.template.matching;
  const rows: [string, string][] = (
    [
      ['Kế hoạch', m.plans.join('; ')],
      ['Lĩnh vực', m.areas.join('; ')],
      ['Loại sản phẩm', m.productTypes.join('; ')],
      ['Cơ quan chủ trì', m.leads.join('; ')],
      ['Từ ngữ trong nhiệm vụ', m.words.map((w) => `“${w.split('|').join('” hoặc “')}”`).join(' và ')],
      ['Kỳ', m.every.map((p) => PERIOD_NAMES[p]).join(', ')],
    ] as [string, string][]
  ).filter(([, v]) => v !== '');
  if (shown.template.appliesTo === 'file')
    return <Empty>Mẫu cho hồ sơ thủ tục hành chính: áp dụng khi tiếp nhận hồ sơ, không theo quy tắc nhập kế hoạch.</Empty>;
  if (rows.length === 0)
    return (
      <Empty>
        {shown.template.fallback ? 'Mẫu chung: áp dụng cho nhiệm vụ mà không mẫu nào khác khớp.' : 'Chưa có quy tắc: mẫu chỉ áp dụng khi được chọn trực tiếp.'}
      </Empty>
    );
  return (
    <div id="template-matching">
      <p class="hint">Áp dụng cho nhiệm vụ thỏa mọi tiêu chí dưới đây:</p>
      <Facts rows={rows} />
    </div>
  );
}

function Versions({ detail, shownVersion }: { detail: TemplateDetail; shownVersion: number }) {
  return (
    <Table id="template-versions" caption="Các phiên bản" class="cards">
      <thead>
        <tr>
          <th>Phiên bản</th>
          <th>Tên</th>
          <th>Người lưu</th>
          <th>Thời điểm</th>
        </tr>
      </thead>
      <tbody>
        {detail.versions.map((v) => (
          <tr>
            <td data-label="Phiên bản">
              {v.version === shownVersion ? (
                <strong aria-current="true">Phiên bản {v.version} (đang xem)</strong>
              ) : (
                <a href={templateHref(detail.id, v.version === detail.version ? '' : `?version=${v.version}`)}>Phiên bản {v.version}</a>
              )}
              {v.version === detail.version ? ' — mới nhất' : ''}
            </td>
            <td data-label="Tên">{v.name}</td>
            <td data-label="Người lưu">{v.savedBy}</td>
            <td data-label="Thời điểm">{vnTime(v.savedAt)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Admin: edit (a new version), clone, retire or restore. */
function Manage({ detail, reload }: { detail: TemplateDetail; reload: () => void }) {
  const retired = detail.retiredAt !== null;
  const act = async (verb: 'retire' | 'restore') => {
    await api(`/api/templates/${encodeURIComponent(detail.id)}/${verb}`, { method: 'POST' });
    reload();
  };
  return (
    <div class="actions" id="template-manage">
      <div class="action-box">
        <h3>Sửa mẫu</h3>
        <p class="hint">Thay đổi được lưu thành phiên bản {detail.version + 1}; nhiệm vụ đang chạy giữ phiên bản của mình đến khi được chuyển.</p>
        {retired ? (
          <p class="hint">Mẫu đã ngừng sử dụng; khôi phục trước khi sửa.</p>
        ) : (
          <a class="button" id="edit-template" href={templateHref(detail.id, '/edit')}>
            Sửa mẫu
          </a>
        )}
      </div>
      <ActionForm
        title="Sao chép thành mẫu mới"
        id="clone-form"
        submitLabel="Sao chép"
        onSubmit={async (v) => {
          const copy = await api<SavedTemplate>(`/api/templates/${encodeURIComponent(detail.id)}/clone`, {
            method: 'POST',
            body: { name: v.name, version: detail.version },
          });
          navigate(templateHref(copy.id));
        }}
      >
        <Field label="Tên mẫu mới" name="name" required value={`${detail.template.name} (bản sao)`} />
      </ActionForm>
      <ActionForm
        title={retired ? 'Khôi phục mẫu' : 'Ngừng sử dụng mẫu'}
        id="retire-form"
        class={retired ? '' : 'danger'}
        hint={retired ? 'Mẫu được dùng lại cho nhiệm vụ mới.' : 'Mẫu không áp dụng cho nhiệm vụ mới; nhiệm vụ đang chạy theo mẫu không đổi.'}
        onSubmit={() => act(retired ? 'restore' : 'retire')}
        done={retired ? 'Đã khôi phục mẫu.' : 'Đã ngừng sử dụng mẫu.'}
      >
        {null}
      </ActionForm>
    </div>
  );
}

/** The jurisdictions an account may start tasks in, and the agencies and groups of the one chosen. */
function startChoices(directory: Directory | null, user: User, jurisdiction: string) {
  const jurisdictions = (directory?.jurisdictions ?? []).filter(
    (j) => user.role === 'admin' || (user.jurisdiction && isWithin(directory!, j.id, user.jurisdiction)),
  );
  const within = (id: string) => directory !== null && jurisdiction !== '' && isWithin(directory, id, jurisdiction);
  return {
    jurisdictions,
    agencies: (directory?.agencies ?? []).filter((a) => within(a.jurisdiction)),
    groups: (directory?.groups ?? []).filter((g) => within(g.jurisdiction)),
  };
}

/** Admin and monitor: start a task from this template for chosen agencies or one group. */
function Start({ detail }: { detail: TemplateDetail }) {
  const { user, directory } = useSession();
  const [jurisdiction, setJurisdiction] = useState(user.role === 'admin' ? (directory?.jurisdictions[0]?.id ?? '') : (user.jurisdiction ?? ''));
  const [way, setWay] = useState<'agencies' | 'group'>('agencies');
  const [answer, setAnswer] = useState<StartAnswer | null>(null);
  // The directory may come after the page: until one is chosen, the first jurisdiction is the admin's.
  const place = jurisdiction || (user.role === 'admin' ? (directory?.jurisdictions[0]?.id ?? '') : '');
  const choices = startChoices(directory, user, place);
  const year = new Date().getFullYear();
  return (
    <div id="template-start">
      <ActionForm
        title="Giao nhiệm vụ theo mẫu cho cơ quan hoặc nhóm"
        id="start-form"
        submitLabel="Bắt đầu theo dõi"
        hint="Nhiệm vụ được khởi tạo như nhiệm vụ nhập từ kế hoạch; khởi tạo lại với cùng thông tin không tạo nhiệm vụ trùng."
        done="Đã gửi; kết quả ở dưới."
        onSubmit={async (v, form) => {
          const agencies = Array.from(form.querySelectorAll<HTMLOptionElement>('select[name=agencies] option:checked'), (o) => o.value);
          const body = {
            version: detail.version,
            ...(way === 'group' ? { group: v.group } : { agencies }),
            ...(place ? { jurisdiction: place } : {}),
            year: Number(v.year),
            ...(v.title ? { title: v.title } : {}),
            ...(v.ref ? { ref: v.ref } : {}),
            ...(v.product ? { product: v.product } : {}),
            ...(v.deadlineText ? { deadlineText: v.deadlineText } : {}),
            ...(v.planTitle ? { planTitle: v.planTitle } : {}),
          };
          setAnswer(null);
          setAnswer(await api<StartAnswer>(`/api/templates/${encodeURIComponent(detail.id)}/start`, { method: 'POST', body }));
        }}
      >
        {user.role === 'admin' ? (
          <Select
            label="Đơn vị hành chính"
            name="jurisdiction"
            value={place}
            options={choices.jurisdictions.map((j) => [j.id, j.name])}
            onChange={setJurisdiction}
            required
          />
        ) : null}
        <fieldset class="choices inline-choices">
          <legend>Giao cho</legend>
          <label class="field checkbox">
            <input type="radio" name="way" value="agencies" checked={way === 'agencies'} onChange={() => setWay('agencies')} /> Các cơ quan
          </label>
          <label class="field checkbox">
            <input type="radio" name="way" value="group" checked={way === 'group'} onChange={() => setWay('group')} /> Một nhóm cơ quan
          </label>
        </fieldset>
        {way === 'agencies' ? (
          <label class="field wide">
            <span>Cơ quan chủ trì (chọn một hoặc nhiều)</span>
            <select name="agencies" multiple size={6} required>
              {choices.agencies.map((a) => (
                <option value={a.name}>{a.name}</option>
              ))}
            </select>
          </label>
        ) : (
          <Select label="Nhóm" name="group" required options={choices.groups.map((g) => [g.name, `${g.name} (${g.members.length} cơ quan)`])} />
        )}
        <Field label="Năm" name="year" type="number" min={2021} max={2040} value={String(year)} required />
        <Field label="Tên nhiệm vụ" name="title" value={detail.template.name} />
        <Field label="Mã nhiệm vụ" name="ref" placeholder="1" />
        <Field label="Sản phẩm" name="product" placeholder="Báo cáo" />
        <Field
          label="Thời hạn (khi khác quy tắc của mẫu)"
          name="deadlineText"
          placeholder={detail.template.deadline?.type === 'phrase' ? detail.template.deadline.phrase : 'Trước ngày 31/12'}
        />
        <Field label="Tên kế hoạch" name="planTitle" placeholder={`${detail.template.name} năm ${year}`} />
      </ActionForm>
      {answer ? (
        <p id="start-result" class="ok" role="status">
          {answer.started.length > 0
            ? `Đã khởi tạo nhiệm vụ ${answer.started.join(', ')}`
            : `Nhiệm vụ ${[...answer.unchanged, ...answer.updated].join(', ')} đã có, không khởi tạo lại`}{' '}
          theo phiên bản {answer.template.version}. <a href={`/tasks?plan=${encodeURIComponent(answer.planId)}`}>Xem nhiệm vụ</a>
        </p>
      ) : null}
    </div>
  );
}

/** Admin: move chosen running tasks, or every task on an older version, to the newest version. */
function Move({ detail, task }: { detail: TemplateDetail; task: string | null }) {
  const [answer, setAnswer] = useState<MoveAnswer | null>(null);
  const move = async (body: { taskIds: string[] } | { all: true }) => {
    setAnswer(null);
    setAnswer(await api<MoveAnswer>(`/api/templates/${encodeURIComponent(detail.id)}/move`, { method: 'POST', body: { version: detail.version, ...body } }));
  };
  return (
    <div id="template-move">
      <div class="actions">
        <ActionForm
          title="Chuyển nhiệm vụ đã chọn"
          id="move-form"
          submitLabel={`Chuyển sang phiên bản ${detail.version}`}
          hint="Mã nhiệm vụ (task:…), mỗi dòng một mã; mã hiện ở địa chỉ trang nhiệm vụ. Nhiệm vụ theo mẫu khác hoặc phiên bản cũ hơn đều chuyển được. Lịch nhắc và báo cáo lập lại theo mẫu mới; thông báo đã gửi không gửi lại."
          done="Đã gửi; kết quả từng nhiệm vụ ở dưới."
          onSubmit={(v) =>
            move({
              taskIds: (v.taskIds ?? '')
                .split(/\s*\n\s*/)
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
        >
          <TextArea label="Mã nhiệm vụ" name="taskIds" required rows={3} value={task ?? ''} />
        </ActionForm>
        {detail.version > 1 ? (
          <ActionForm
            title="Chuyển mọi nhiệm vụ của mẫu"
            id="move-all-form"
            submitLabel={`Chuyển tất cả sang phiên bản ${detail.version}`}
            hint={`Mọi nhiệm vụ đang chạy theo phiên bản cũ hơn ${detail.version} của mẫu này.`}
            done="Đã gửi; kết quả từng nhiệm vụ ở dưới."
            onSubmit={() => move({ all: true })}
          >
            {null}
          </ActionForm>
        ) : null}
      </div>
      {answer ? (
        <div id="move-result" role="status">
          <p class={answer.moved.length > 0 ? 'ok' : 'notice'}>
            Đã chuyển {answer.moved.length} nhiệm vụ sang phiên bản {answer.template.version}
            {answer.skipped.length > 0 ? `; ${answer.skipped.length} nhiệm vụ không chuyển` : ''}.
          </p>
          <ul>
            {answer.moved.map((id) => (
              <li>
                <a href={taskHref(id)}>{id}</a>: đã chuyển
              </li>
            ))}
            {answer.skipped.map((s) => (
              <li>
                <a href={taskHref(s.id)}>{s.id}</a>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function TemplatePage({ id, search }: { id: string; search: URLSearchParams }) {
  const { user } = useSession();
  const asked = Number(search.get('version')) || null;
  const saved = Number(search.get('saved')) || null;
  const detail = useLoad(() => api<TemplateDetail>(`/api/templates/${encodeURIComponent(id)}`), [id]);
  const version = useLoad(
    () => (asked ? api<SavedTemplate>(`/api/templates/${encodeURIComponent(id)}/versions/${asked}`) : Promise.resolve(null)),
    [id, asked],
  );
  if (user.role !== 'admin' && user.role !== 'monitor') return <PageError message="Chỉ quản trị hệ thống và Văn phòng UBND được xem mẫu nhiệm vụ." />;
  const d = detail.data;
  const shown: SavedTemplate | null = version.data ?? d;
  const t = shown?.template;
  const forTasks = t?.appliesTo === 'task';
  const usable = d !== null && d.retiredAt === null;
  return (
    <section id="template" class="page">
      <p class="back">
        <a href="/admin/templates">← Danh sách mẫu</a>
      </p>
      <PageError message={detail.error ?? version.error} />
      {detail.loading || version.loading ? <Loading /> : null}
      {d && shown && t ? (
        <>
          <h1>{t.name}</h1>
          {saved ? (
            <p id="saved" class="ok" role="status">
              Đã lưu phiên bản {saved}.
            </p>
          ) : null}
          {shown.version !== d.version ? (
            <p class="notice">
              Đang xem phiên bản {shown.version}; phiên bản mới nhất là <a href={templateHref(d.id)}>phiên bản {d.version}</a>.
            </p>
          ) : null}
          <Facts
            rows={[
              ['Nhóm', t.category],
              ['Mô tả', t.description || '—'],
              ['Áp dụng cho', APPLIES_TO_NAMES[t.appliesTo]],
              ['Phiên bản', `${shown.version} — lưu bởi ${shown.savedBy}, ${vnTime(shown.savedAt)}`],
              ['Tình trạng', d.retiredAt ? `Ngừng sử dụng từ ${vnTime(d.retiredAt)}` : 'Đang sử dụng'],
              ['Thời hạn (dondoc đọc)', <span id="deadline-reading">{deadlineReading(shown)}</span>],
              ['Nhắc việc', <span id="reminder-reading">{reminderWords(t)}</span>],
              ...(forTasks ? ([['Nhiệm vụ thường xuyên', `hỏi tiến độ ${PERIOD_NAMES[t.checkinEvery].toLowerCase()}`]] as [string, string][]) : []),
            ]}
          />
          <h2>Các cấp báo cáo khi quá hạn</h2>
          <Ladder shown={shown} />
          <h2>Quy tắc áp dụng</h2>
          <Matching shown={shown} />
          <h2>Nội dung thư</h2>
          <MessageTexts template={t} />
          <h2>Các phiên bản</h2>
          <Versions detail={d} shownVersion={shown.version} />
          {user.role === 'admin' ? (
            <>
              <h2>Quản lý mẫu</h2>
              <Manage detail={d} reload={detail.reload} />
            </>
          ) : null}
          <h2>Xem trước</h2>
          <TemplatePreview template={() => ({ id: shown.id, version: shown.version })} titled={false} />
          {forTasks && usable && shown.version === d.version ? (
            <>
              <h2>Bắt đầu theo dõi</h2>
              <Start detail={d} />
            </>
          ) : null}
          {forTasks && user.role === 'admin' && shown.version === d.version ? (
            <>
              <h2>Chuyển nhiệm vụ đang chạy sang mẫu này (phiên bản {d.version})</h2>
              <Move detail={d} task={search.get('task')} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
