/** Hồ sơ một cửa: files by status, processing agency and procedure, and the late files to act on today. */
import type { TargetedSubmitEvent } from 'preact';
import { api, query } from '../api';
import { DueWords, Empty, FilterChoice, Loading, PageError, StatusBadge, Table } from '../components';
import { vnDate } from '../format';
import { useLoad } from '../load';
import { FILE_STATUS_NAMES, tone } from '../names';
import { fileHref, navigate } from '../router';
import { useSession } from '../session';
import type { FileListAnswer } from '../types';

const VIEWS: [string, string][] = [
  ['', 'Tất cả hồ sơ'],
  ['soon', 'Đến hẹn trong 1 ngày làm việc, chưa có phiếu xin lỗi'],
  ['late', 'Trễ hẹn, chưa có phiếu xin lỗi'],
];

export function FileList({ search }: { search: URLSearchParams }) {
  const { user } = useSession();
  const values = {
    status: search.get('status') ?? '',
    holder: search.get('holder') ?? '',
    procedure: search.get('procedure') ?? '',
    late: search.get('late') ?? '',
    page: search.get('page') ?? '',
  };
  const qs = query({ ...values, size: 25 });
  const { data, error, loading } = useLoad(() => api<FileListAnswer>(`/api/dashboard/files${qs}`), [qs]);
  const path = location.pathname === '/' ? '/' : '/files';
  const apply = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    new FormData(event.currentTarget).forEach((v, k) => {
      if (typeof v === 'string' && v.trim()) next[k] = v.trim();
    });
    navigate(`${path}${query(next)}`);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.size)) : 1;
  return (
    <section id="files" class="page">
      <h1>Hồ sơ thủ tục hành chính</h1>
      <nav class="tabs" aria-label="Nhóm hồ sơ">
        {VIEWS.map(([late, label]) => (
          <a href={`${path}${query({ late })}`} aria-current={values.late === late ? 'page' : undefined}>
            {label}
          </a>
        ))}
        {user.role === 'desk' || user.role === 'admin' || user.role === 'monitor' ? <a href="/intake">+ Tiếp nhận hồ sơ mới</a> : null}
      </nav>
      {data ? (
        <ul class="counts">
          {Object.entries(data.counts).map(([status, n]) => (
            <li class={`count tone-${tone(status)}`}>
              <a href={`${path}${query({ status })}`}>
                <strong>{n}</strong> {(FILE_STATUS_NAMES as Record<string, string>)[status]}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {values.late ? (
        <p class="hint">
          {values.late === 'soon'
            ? 'Hồ sơ có ngày hẹn trả kết quả đến hết ngày làm việc tiếp theo mà chưa có phiếu xin lỗi: cơ quan đang giải quyết cần trả kết quả hoặc gửi phiếu xin lỗi, hẹn lại ngày trả (chậm nhất 01 ngày trước ngày hẹn).'
            : 'Hồ sơ đã quá ngày hẹn mà chưa có phiếu xin lỗi: cơ quan đang giải quyết phải gửi phiếu xin lỗi và hẹn lại ngày trả kết quả ngay.'}
        </p>
      ) : (
        <form class="filters" key={search.toString()} onSubmit={apply} aria-label="Lọc hồ sơ">
          <label class="field">
            <span>Tình trạng</span>
            <FilterChoice name="status" value={values.status} options={[['', 'Tất cả'], ...Object.entries(FILE_STATUS_NAMES)]} />
          </label>
          {user.role !== 'agency' ? (
            <label class="field">
              <span>Cơ quan đang giải quyết</span>
              <input name="holder" defaultValue={values.holder} />
            </label>
          ) : null}
          <label class="field">
            <span>Thủ tục hành chính</span>
            <FilterChoice
              name="procedure"
              value={values.procedure}
              options={[
                ['', 'Tất cả'],
                ...(values.procedure && !data?.procedures.some((p) => p.code === values.procedure) ? [[values.procedure, values.procedure] as [string, string]] : []),
                ...(data?.procedures ?? []).map((p): [string, string] => [p.code, `${p.name} (${p.count})`]),
              ]}
            />
          </label>
          <div class="filter-buttons">
            <button type="submit">Lọc</button>
          </div>
        </form>
      )}
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data && data.procedures.length > 0 ? (
        <details class="filter-box" id="file-procedures" open={Boolean(values.procedure)}>
          <summary>Số hồ sơ theo thủ tục hành chính ({data.procedures.length} thủ tục)</summary>
          <Table caption="Số hồ sơ theo thủ tục hành chính">
            <thead>
              <tr>
                <th>Thủ tục hành chính</th>
                <th>Mã thủ tục</th>
                <th class="num">Số hồ sơ</th>
              </tr>
            </thead>
            <tbody>
              {data.procedures.map((p) => (
                <tr aria-current={p.code === values.procedure ? 'true' : undefined}>
                  <td>
                    <a href={`${path}${query({ ...values, procedure: p.code, page: undefined })}`}>{p.name}</a>
                  </td>
                  <td>{p.code}</td>
                  <td class="num">{p.count}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </details>
      ) : null}
      {data && data.total === 0 ? (
        <Empty>
          {values.late === 'soon'
            ? 'Không có hồ sơ nào sắp đến hẹn mà chưa có phiếu xin lỗi.'
            : values.late === 'late'
              ? 'Không có hồ sơ nào trễ hẹn mà chưa có phiếu xin lỗi.'
              : values.status || values.holder || values.procedure
                ? 'Không có hồ sơ nào khớp bộ lọc.'
                : 'Chưa có hồ sơ nào trong phạm vi theo dõi.'}
        </Empty>
      ) : null}
      {data && data.total > 0 ? (
        <>
          <p class="summary" role="status">
            {data.total} hồ sơ; trang {data.page}/{pages}.
          </p>
          <Table id="file-list" class="cards" caption="Hồ sơ">
            <thead>
              <tr>
                <th>Mã hồ sơ</th>
                <th>Thủ tục hành chính</th>
                <th>Cơ quan đang giải quyết</th>
                <th>Ngày hẹn trả</th>
                <th>Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {data.files.map((f) => (
                <tr>
                  <td data-label="Mã hồ sơ">
                    <a href={fileHref(f.code)}>{f.code}</a>
                  </td>
                  <td data-label="Thủ tục hành chính">{f.procedure?.name ?? '—'}</td>
                  <td data-label="Cơ quan đang giải quyết">{f.holder ?? '—'}</td>
                  <td data-label="Ngày hẹn trả">
                    {vnDate(f.appointment)}
                    {f.reappointed ? ' (đã hẹn lại)' : ''} <DueWords words={f.dueWords} status={f.status} />
                  </td>
                  <td data-label="Tình trạng">
                    <StatusBadge status={f.status} file />
                    {f.escalation ? <div class="sub">Đã báo cáo cấp {f.escalation}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {pages > 1 ? (
            <nav class="pager" aria-label="Phân trang">
              <button type="button" disabled={data.page <= 1} onClick={() => navigate(`${path}${query({ ...values, page: data.page - 1 })}`)}>
                ← Trang trước
              </button>
              <span>
                Trang {data.page}/{pages}
              </span>
              <button type="button" disabled={data.page >= pages} onClick={() => navigate(`${path}${query({ ...values, page: data.page + 1 })}`)}>
                Trang sau →
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
