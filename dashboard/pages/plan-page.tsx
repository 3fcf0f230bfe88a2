/**
 * One plan: its tasks grouped by area (lĩnh vực) in the plan's order, with the progress of each area
 * (done, in progress, due soon, overdue) as numbers and a bar whose every colour is named beside it.
 * Grouped and counted by the server (one request); a plan larger than the server's bound says so.
 */
import { api } from '../api';
import { DueWords, Empty, Facts, Loading, PageError, StatusBadge, Table } from '../components';
import { names, vnDate } from '../format';
import { useLoad } from '../load';
import { taskHref } from '../router';
import type { PlanAnswer, Progress } from '../../api/dashboard-plans';

/** The parts of a progress bar, in order: key, words, colour class. */
const PARTS: [keyof Progress, string, string][] = [
  ['done', 'Đã hoàn thành', 'good'],
  ['inProgress', 'Đang thực hiện', 'plain'],
  ['dueSoon', 'Sắp đến hạn', 'warn'],
  ['overdue', 'Quá hạn', 'bad'],
];

/** A bar of the tasks by how they stand, with the number and the words of every colour beside it. */
export function ProgressBar({ progress, legend = true }: { progress: Progress; legend?: boolean }) {
  const counted = PARTS.reduce((sum, [key]) => sum + progress[key], 0);
  return (
    <div class="progress">
      {counted > 0 ? (
        <span class="progress-bar" aria-hidden="true">
          {PARTS.map(([key, , tone]) =>
            progress[key] > 0 ? <span class={`progress-${tone}`} style={{ width: `${(progress[key] / counted) * 100}%` }} /> : null,
          )}
        </span>
      ) : null}
      {legend ? (
        <ul class="progress-legend">
          {PARTS.map(([key, words, tone]) => (
            <li class={`legend-${tone}`}>
              {words}: <strong>{progress[key]}</strong>
            </li>
          ))}
          {progress.cancelled > 0 ? (
            <li class="legend-none">
              Đã hủy: <strong>{progress.cancelled}</strong>
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}

export function PlanPage({ id }: { id: string }) {
  const { data, error, loading } = useLoad(() => api<PlanAnswer>(`/api/dashboard/plans/${encodeURIComponent(id)}`), [id]);
  return (
    <section id="plan-page" class="page">
      <p class="back">
        <a href="/plans">← Danh sách kế hoạch</a>
      </p>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <h1>{data.title}</h1>
          <Facts
            rows={[
              ['Số văn bản', data.number ?? '—'],
              ['Năm', data.year ?? '—'],
              ['Số nhiệm vụ', data.total],
              ['Số liệu ngày', vnDate(data.asOf)],
            ]}
          />
          <h2>Tiến độ chung</h2>
          <ProgressBar progress={data} />
          <p>
            <a href={`/tasks?planTitle=${encodeURIComponent(data.title)}`}>Xem các nhiệm vụ của kế hoạch trong danh sách nhiệm vụ (lọc, xuất Excel)</a>
          </p>
          {data.truncated ? (
            <p class="notice" role="status">
              Kế hoạch có hơn {data.bound.toLocaleString('vi-VN')} nhiệm vụ: trang này chỉ nhóm {data.bound.toLocaleString('vi-VN')} nhiệm vụ đầu tiên. Xem đủ
              trong danh sách nhiệm vụ.
            </p>
          ) : null}
          {data.areas.length === 0 ? <Empty>Kế hoạch chưa có nhiệm vụ nào.</Empty> : null}
          {data.areas.map((area, i) => (
            <section class="plan-area" aria-labelledby={`area-${i}`}>
              <h2 id={`area-${i}`}>{area.area ?? 'Chưa xác định lĩnh vực'}</h2>
              <p class="hint">{area.total} nhiệm vụ</p>
              <ProgressBar progress={area} />
              <Table class="cards" caption={`Nhiệm vụ thuộc lĩnh vực ${area.area ?? 'chưa xác định'}`}>
                <thead>
                  <tr>
                    <th>Mã</th>
                    <th>Nhiệm vụ</th>
                    <th>Cơ quan chủ trì</th>
                    <th>Hạn</th>
                    <th>Tình trạng</th>
                  </tr>
                </thead>
                <tbody>
                  {area.tasks.map((t) => (
                    <tr>
                      <td data-label="Mã">{t.ref ?? '—'}</td>
                      <td data-label="Nhiệm vụ">
                        <a href={taskHref(t.workflowId)}>{t.title}</a>
                      </td>
                      <td data-label="Cơ quan chủ trì">{names(t.leads)}</td>
                      <td data-label="Hạn">
                        {vnDate(t.due)} <DueWords words={t.dueWords} status={t.status} />
                      </td>
                      <td data-label="Tình trạng">
                        <StatusBadge status={t.status} />
                        {t.escalation ? <div class="sub">Đã báo cáo cấp {t.escalation}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </section>
          ))}
        </>
      ) : null}
    </section>
  );
}
