/**
 * Nhiệm vụ: the filtered list. The filters are the address's query (a filtered list can be
 * bookmarked and sent); the server filters, sorts and cuts the page (one request per view), and
 * exports the whole filtered list to XLSX.
 */
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, download, query } from '../api';
import { DueWords, Empty, FilterChoice, Loading, PageError, StatusBadge, Table } from '../components';
import { names, vnDate } from '../format';
import { messageOf, useLoad } from '../load';
import { KIND_NAMES, TASK_STATUS_NAMES } from '../names';
import { navigate, taskHref } from '../router';
import { useSession } from '../session';
import type { TaskListAnswer } from '../types';
import { planHref } from './plans';

const FILTERS = ['q', 'planTitle', 'agency', 'status', 'escalation', 'dueFrom', 'dueTo', 'kind'] as const;
const SORTS: [string, string][] = [
  ['urgency', 'Mức độ khẩn'],
  ['due', 'Hạn'],
  ['title', 'Tên nhiệm vụ'],
  ['ref', 'Mã'],
  ['escalation', 'Cấp báo cáo'],
];

export function TaskList({ search }: { search: URLSearchParams }) {
  const { user, directory } = useSession();
  const values = Object.fromEntries([...FILTERS, 'sort', 'order', 'page'].map((k) => [k, search.get(k) ?? '']));
  const qs = query({ ...values, size: 25 });
  const { data, error, loading } = useLoad(() => api<TaskListAnswer>(`/api/dashboard/tasks${qs}`), [qs]);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const apply = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    form.forEach((v, k) => {
      if (typeof v === 'string' && v.trim()) next[k] = v.trim();
    });
    navigate(`/tasks${query(next)}`);
  };
  const goTo = (page: number) => navigate(`/tasks${query({ ...values, page })}`);
  const exportList = async () => {
    setExportError(null);
    setExporting(true);
    try {
      await download(`/api/dashboard/tasks.xlsx${query({ ...values, page: undefined })}`, 'nhiem-vu.xlsx');
    } catch (err) {
      setExportError(messageOf(err));
    } finally {
      setExporting(false);
    }
  };
  const agencies = directory?.agencies ?? [];
  const pages = data ? Math.max(1, Math.ceil(data.total / data.size)) : 1;
  const filtered = FILTERS.some((k) => values[k]);

  return (
    <section id="task-list" class="page">
      <h1>Danh sách nhiệm vụ</h1>
      <details class="filter-box" open={filtered || window.matchMedia('(min-width: 721px)').matches}>
        <summary>Bộ lọc và sắp xếp{filtered ? ' (đang lọc)' : ''}</summary>
      <form id="filters" key={search.toString()} class="filters" onSubmit={apply} aria-label="Lọc danh sách">
        <label class="field wide">
          <span>Tên nhiệm vụ có các từ</span>
          <input name="q" type="search" defaultValue={values.q} />
        </label>
        <label class="field wide">
          <span>Kế hoạch (theo tên)</span>
          <input name="planTitle" type="search" defaultValue={values.planTitle} />
        </label>
        {user.role !== 'agency' ? (
          <label class="field">
            <span>Cơ quan chủ trì</span>
            <input name="agency" list="agency-names" defaultValue={values.agency} />
            <datalist id="agency-names">
              {agencies.map((a) => (
                <option value={a.name} />
              ))}
            </datalist>
          </label>
        ) : null}
        <label class="field">
          <span>Tình trạng</span>
          <FilterChoice name="status" value={values.status} options={[['', 'Tất cả'], ...Object.entries(TASK_STATUS_NAMES)]} />
        </label>
        <label class="field">
          <span>Cấp báo cáo từ</span>
          <FilterChoice name="escalation" value={values.escalation} options={[['', 'Tất cả'], ...[1, 2, 3].map((n): [string, string] => [String(n), `Cấp ${n} trở lên`])]} />
        </label>
        <label class="field">
          <span>Hạn từ ngày</span>
          <input name="dueFrom" type="date" defaultValue={values.dueFrom} />
        </label>
        <label class="field">
          <span>đến ngày</span>
          <input name="dueTo" type="date" defaultValue={values.dueTo} />
        </label>
        <label class="field">
          <span>Loại thời hạn</span>
          <FilterChoice name="kind" value={values.kind} options={[['', 'Tất cả'], ...Object.entries(KIND_NAMES)]} />
        </label>
        <label class="field">
          <span>Sắp xếp theo</span>
          <FilterChoice name="sort" value={values.sort || 'urgency'} options={SORTS} />
        </label>
        <label class="field">
          <span>Thứ tự</span>
          <FilterChoice name="order" value={values.order || 'asc'} options={[['asc', 'Tăng dần'], ['desc', 'Giảm dần']]} />
        </label>
        <div class="filter-buttons">
          <button type="submit">Lọc</button>
          <a class="button secondary" href="/tasks">
            Bỏ lọc
          </a>
          <button type="button" class="secondary" id="export" onClick={exportList} disabled={exporting}>
            {exporting ? 'Đang xuất…' : 'Xuất Excel (XLSX)'}
          </button>
        </div>
        <p class="form-error" role="alert" hidden={!exportError}>
          {exportError ?? ''}
        </p>
      </form>
      </details>
      <PageError message={error} />
      {values.planTitle && data && data.tasks.length > 0 && data.tasks.every((t) => t.planId && t.planId === data.tasks[0]!.planId) && user.role !== 'desk' ? (
        <p id="plan-link">
          <a href={planHref(data.tasks[0]!.planId!)}>Xem tiến độ kế hoạch “{data.tasks[0]!.planTitle ?? data.tasks[0]!.planId}” theo lĩnh vực</a>
        </p>
      ) : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p class="summary" role="status">
            {data.total === 0 ? '' : `${data.total} nhiệm vụ${filtered ? ' khớp bộ lọc' : ''}; trang ${data.page}/${pages}.`}
            {data.truncated ? ' Danh sách quá dài: chỉ xét 5.000 nhiệm vụ đầu; hãy lọc hẹp hơn.' : ''}
          </p>
          {data.total === 0 ? (
            <Empty>
              {filtered
                ? 'Không có nhiệm vụ nào khớp bộ lọc. Hãy bỏ bớt điều kiện lọc.'
                : user.role === 'agency'
                  ? 'Cơ quan của bạn chưa được giao nhiệm vụ nào.'
                  : 'Chưa có nhiệm vụ nào trong phạm vi theo dõi: hãy nhập kế hoạch.'}
            </Empty>
          ) : (
            <Table id="tasks" class="cards" caption="Danh sách nhiệm vụ">
              <thead>
                <tr>
                  <th>Mã</th>
                  <th>Nhiệm vụ</th>
                  <th>Cơ quan chủ trì</th>
                  <th>Hạn</th>
                  <th>Tình trạng</th>
                  <th>Cấp báo cáo</th>
                </tr>
              </thead>
              <tbody>
                {data.tasks.map((t) => (
                  <tr>
                    <td data-label="Mã">{t.ref ?? ''}</td>
                    <td data-label="Nhiệm vụ">
                      <a href={taskHref(t.workflowId)}>{t.title ?? t.workflowId}</a>
                      {t.planTitle ? <div class="sub">{t.planId && user.role !== 'desk' ? <a href={planHref(t.planId)}>{t.planTitle}</a> : t.planTitle}</div> : null}
                    </td>
                    <td data-label="Cơ quan chủ trì">{names(t.leads)}</td>
                    <td data-label="Hạn">
                      {vnDate(t.due)}
                      {t.extended ? ' (đã gia hạn)' : ''} <DueWords words={t.dueWords} status={t.status} />
                    </td>
                    <td data-label="Tình trạng">
                      <StatusBadge status={t.status} />
                    </td>
                    <td data-label="Cấp báo cáo">{t.escalation ? `Cấp ${t.escalation}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {pages > 1 ? (
            <nav class="pager" aria-label="Phân trang">
              <button type="button" disabled={data.page <= 1} onClick={() => goTo(data.page - 1)}>
                ← Trang trước
              </button>
              <span>
                Trang {data.page}/{pages}
              </span>
              <button type="button" disabled={data.page >= pages} onClick={() => goTo(data.page + 1)}>
                Trang sau →
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
