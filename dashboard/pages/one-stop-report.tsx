/**
 * Báo cáo tháng về hồ sơ một cửa: choose a month, read the report of the account's unit as a table
 * and a chart (bars drawn with CSS, every colour named beside it), and download it as XLSX. The
 * month is the address's query, so a report can be bookmarked and sent.
 */
import { useState } from 'preact/hooks';
import { api, download, query } from '../api';
import { Empty, Loading, PageError, Table } from '../components';
import { vnDate } from '../format';
import { messageOf, useLoad } from '../load';
import { navigate } from '../router';
import { jurisdictionName, useSession } from '../session';
import type { MonthlyReportAnswer } from '../../api/onestop';

type Row = MonthlyReportAnswer['total'];

/** The month before today's, as YYYY-MM (a report is most often read after its month is over). */
function lastMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

const cell = (row: Row, key: keyof Row): string => {
  const v = row[key];
  if (v === null) return '—';
  return typeof v === 'number' ? v.toLocaleString('vi-VN') : v;
};

/** The parts of each agency's bar: files resolved in the month early or on time, and resolved late. */
const PARTS: [string, string, (r: Row) => number][] = [
  ['good', 'Giải quyết trước hạn, đúng hạn', (r) => r.early + r.onTime],
  ['bad', 'Giải quyết quá hạn', (r) => r.resolvedLate],
];

function ReportChart({ rows }: { rows: Row[] }) {
  const widest = Math.max(
    1,
    ...rows.map((r) =>
      Math.max(
        r.received,
        PARTS.reduce((sum, [, , value]) => sum + value(r), 0),
      ),
    ),
  );
  return (
    <figure class="report-chart" id="report-chart">
      <figcaption>
        Mỗi cơ quan hai thanh: hồ sơ tiếp nhận trong tháng (<span class="legend-swatch swatch-received" aria-hidden="true" /> xám) và hồ sơ đã giải quyết trong
        tháng. Màu:{' '}
        {PARTS.map(([tone, words], i) => (
          <>
            {i > 0 ? ', ' : ''}
            <span class={`legend-swatch swatch-${tone}`} aria-hidden="true" /> {words}
          </>
        ))}
        .
      </figcaption>
      <ul>
        {rows.map((r) => (
          <li>
            <span class="chart-label">{r.agency}</span>
            <span class="chart-bar" aria-hidden="true">
              {r.received > 0 ? <span class="swatch-received" style={{ width: `${(r.received / widest) * 100}%` }} /> : null}
            </span>
            <span class="chart-bar" aria-hidden="true">
              {PARTS.map(([tone, , value]) => (value(r) > 0 ? <span class={`swatch-${tone}`} style={{ width: `${(value(r) / widest) * 100}%` }} /> : null))}
            </span>
            <span class="chart-words">
              Tiếp nhận: {r.received}; {PARTS.map(([, words, value]) => `${words.toLowerCase()}: ${value(r)}`).join('; ')}; trễ hẹn: {r.late}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function OneStopReport({ search }: { search: URLSearchParams }) {
  const { user, directory } = useSession();
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(search.get('month') ?? '') ? search.get('month')! : lastMonth();
  const { data, error, loading } = useLoad(() => api<MonthlyReportAnswer>(`/api/one-stop/reports/${month}`), [month]);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const place = user.role === 'admin' ? 'Toàn hệ thống' : (jurisdictionName(directory, user.jurisdiction) ?? '');
  const label = `${month.slice(5, 7)}/${month.slice(0, 4)}`;
  const xlsx = async () => {
    setDownloadError(null);
    setBusy(true);
    try {
      await download(`/api/one-stop/reports/${month}?format=xlsx`, `bao-cao-mot-cua-${month}.xlsx`);
    } catch (err) {
      setDownloadError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section id="one-stop-report" class="page">
      <h1>Báo cáo tháng về giải quyết hồ sơ và xin lỗi</h1>
      <p class="lead">
        {place}, tháng {label}
        {data ? `; số liệu tính đến ngày ${vnDate(data.asOf)}` : ''}.
      </p>
      <form
        class="filters"
        aria-label="Chọn tháng báo cáo"
        onSubmit={(event) => {
          event.preventDefault();
          const value = (new FormData(event.currentTarget).get('month') as string | null) ?? '';
          navigate(`/reports/one-stop${query({ month: value })}`);
        }}
      >
        <label class="field">
          <span>Tháng báo cáo</span>
          <input name="month" type="month" value={month} required />
        </label>
        <div class="filter-buttons">
          <button type="submit">Xem báo cáo</button>
          <button type="button" class="secondary" id="report-xlsx" onClick={xlsx} disabled={busy}>
            Tải báo cáo (Excel)
          </button>
        </div>
      </form>
      <p class="form-error" role="alert" hidden={!downloadError}>
        {downloadError ?? ''}
      </p>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data && data.total.received === 0 && data.rows.length === 0 ? <Empty>Không có hồ sơ nào tiếp nhận hoặc giải quyết trong tháng {label}.</Empty> : null}
      {data && data.rows.length > 0 ? (
        <>
          <h2>Biểu đồ</h2>
          <ReportChart rows={data.rows} />
          <h2>Bảng số liệu</h2>
          <Table id="report-table" class="cards" caption={`Báo cáo tháng ${label}`}>
            <thead>
              <tr>
                {data.columns.map((c) => (
                  <th class={c.key === 'agency' ? undefined : 'num'}>{c.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...data.rows, data.total].map((r) => (
                <tr class={r === data.total ? 'total' : undefined}>
                  {data.columns.map((c) => (
                    <td data-label={c.label} class={c.key === 'agency' ? undefined : 'num'}>
                      {cell(r, c.key)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : null}
    </section>
  );
}
