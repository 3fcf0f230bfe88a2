/** Kế hoạch: the plans of the account's scope, each with its task counts (grouped by the server, one request). */
import { api } from '../api';
import { Empty, Loading, PageError, Table } from '../components';
import { vnDate } from '../format';
import { useLoad } from '../load';
import type { PlansAnswer } from '../../api/dashboard-plans';
import { ProgressBar } from './plan-page';

export const planHref = (planId: string): string => `/plans/${encodeURIComponent(planId)}`;

export function Plans() {
  const { data, error, loading } = useLoad(() => api<PlansAnswer>('/api/dashboard/plans'), []);
  return (
    <section id="plans" class="page">
      <h1>Kế hoạch</h1>
      <p class="lead">Các kế hoạch có nhiệm vụ trong phạm vi theo dõi{data ? `, số liệu ngày ${vnDate(data.asOf)}` : ''}.</p>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data?.truncated ? (
        <p class="notice" role="status">
          Phạm vi theo dõi có hơn {data.bound.toLocaleString('vi-VN')} nhiệm vụ: danh sách chỉ tính {data.bound.toLocaleString('vi-VN')} nhiệm vụ đầu tiên. Chọn
          đơn vị hành chính cấp dưới để xem đủ.
        </p>
      ) : null}
      {data && data.plans.length === 0 ? <Empty>Chưa có kế hoạch nào được nhập cho phạm vi theo dõi của tài khoản này.</Empty> : null}
      {data && data.plans.length > 0 ? (
        <Table id="plan-list" class="cards" caption="Danh sách kế hoạch">
          <thead>
            <tr>
              <th>Kế hoạch</th>
              <th>Số văn bản</th>
              <th class="num">Năm</th>
              <th class="num">Nhiệm vụ</th>
              <th class="num">Đã hoàn thành</th>
              <th class="num">Quá hạn</th>
              <th>Tiến độ</th>
            </tr>
          </thead>
          <tbody>
            {data.plans.map((p) => (
              <tr>
                <td data-label="Kế hoạch">
                  <a href={planHref(p.planId)}>{p.title}</a>
                </td>
                <td data-label="Số văn bản">{p.number ?? '—'}</td>
                <td data-label="Năm" class="num">
                  {p.year ?? '—'}
                </td>
                <td data-label="Nhiệm vụ" class="num">
                  {p.total}
                </td>
                <td data-label="Đã hoàn thành" class="num">
                  {p.done}
                </td>
                <td data-label="Quá hạn" class="num">
                  <span class={p.overdue > 0 ? 'tone-bad figure' : undefined}>{p.overdue}</span>
                </td>
                <td data-label="Tiến độ">
                  <ProgressBar progress={p} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}
