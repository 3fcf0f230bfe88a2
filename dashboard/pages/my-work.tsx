/** Việc của tôi: an agency's own parts, most urgent first, with due dates in words. */
import { api } from '../api';
import { DueWords, Empty, Loading, PageError, StatusBadge, Table } from '../components';
import { vnDate } from '../format';
import { useLoad } from '../load';
import { taskHref } from '../router';
import { agencyName, useSession } from '../session';
import type { OwnWorkAnswer } from '../types';

export function MyWork() {
  const { user, directory } = useSession();
  const { data, error, loading } = useLoad(() => api<OwnWorkAnswer>('/api/dashboard/own-work'), []);
  return (
    <section id="my-work" class="page">
      <h1>Việc của tôi</h1>
      <p class="lead">{agencyName(directory, user.agency)}: các phần việc được giao, việc khẩn nhất ở đầu. Mở một việc để báo cáo tiến độ hoặc hoàn thành.</p>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data && data.parts.length === 0 ? <Empty>Cơ quan chưa được giao nhiệm vụ nào trong các kế hoạch đang theo dõi.</Empty> : null}
      {data && data.parts.length > 0 ? (
        <Table id="tasks" class="cards" caption="Việc của tôi">
          <thead>
            <tr>
              <th>Nhiệm vụ</th>
              <th>Hạn</th>
              <th>Tình trạng</th>
              <th>Tiến độ</th>
            </tr>
          </thead>
          <tbody>
            {data.parts.map((p) => (
              <tr class={p.completed ? 'done' : undefined}>
                <td data-label="Nhiệm vụ">
                  <a href={taskHref(p.workflowId)}>{p.title}</a>
                  <div class="sub">
                    {p.planTitle}
                    {p.label && p.label !== 'Hạn hoàn thành' ? ` — ${p.label}` : ''}
                  </div>
                </td>
                <td data-label="Hạn">
                  {vnDate(p.due)} <DueWords words={p.dueWords} status={p.status} />
                </td>
                <td data-label="Tình trạng">
                  <StatusBadge status={p.status} />
                  {p.escalationLevel ? <div class="sub">Đã báo cáo cấp {p.escalationLevel}</div> : null}
                </td>
                <td data-label="Tiến độ">{p.progress ? `${p.progress.percent}% – ${p.progress.note}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}
