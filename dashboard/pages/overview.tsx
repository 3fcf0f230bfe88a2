/** Tổng quan: the jurisdiction at a glance, counted by the server (one request). */
import type { ComponentChildren } from 'preact';
import { api } from '../api';
import { DueWords, Empty, Loading, PageError, StatusBadge, Table } from '../components';
import { names, percent, vnDate } from '../format';
import { useLoad } from '../load';
import { TASK_STATUS_NAMES, tone } from '../names';
import { taskHref } from '../router';
import { jurisdictionName, useSession } from '../session';
import { planHref } from './plans';
import type { AgencyRate, OverviewAnswer } from '../types';

function RateBar({ rate }: { rate: Pick<AgencyRate, 'onTime' | 'late' | 'overdue'> }) {
  const judged = rate.onTime + rate.late + rate.overdue;
  if (judged === 0) return <span class="hint">chưa có việc đến hạn</span>;
  const part = (n: number) => `${(n / judged) * 100}%`;
  return (
    <span class="bar" aria-hidden="true">
      <span class="bar-good" style={{ width: part(rate.onTime) }} />
      <span class="bar-bad-late" style={{ width: part(rate.late) }} />
      <span class="bar-bad" style={{ width: part(rate.overdue) }} />
    </span>
  );
}

type RateRow = { name: ComponentChildren; total?: number; onTime: number; late: number; overdue: number; rate: number | null };

/** A table of on-time rates (by month, plan or agency): counts, the rate, and its bar. */
function RateTable({ id, caption, heading, rows }: { id: string; caption: string; heading: string; rows: RateRow[] }) {
  const withTotal = rows.some((r) => r.total !== undefined);
  return (
    <Table id={id} caption={caption}>
      <thead>
        <tr>
          <th>{heading}</th>
          {withTotal ? <th class="num">Đã đến hạn</th> : null}
          <th class="num">Đúng hạn</th>
          <th class="num">Hoàn thành quá hạn</th>
          <th class="num">Đang quá hạn</th>
          <th class="num">Tỷ lệ đúng hạn</th>
          <th>Biểu đồ</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{r.name}</td>
            {withTotal ? <td class="num">{r.total}</td> : null}
            <td class="num">{r.onTime}</td>
            <td class="num">{r.late}</td>
            <td class="num">{r.overdue}</td>
            <td class="num">{percent(r.rate)}</td>
            <td>
              <RateBar rate={r} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function Overview() {
  const { user, directory } = useSession();
  const { data, error, loading } = useLoad(() => api<OverviewAnswer>('/api/dashboard/overview'), []);
  const place = jurisdictionName(directory, user.jurisdiction) ?? 'toàn hệ thống';
  return (
    <section id="overview" class="page">
      <h1>Tình hình thực hiện nhiệm vụ</h1>
      <p class="lead">
        {user.role === 'admin' ? 'Toàn hệ thống' : place}
        {data ? `, số liệu ngày ${vnDate(data.asOf)}` : ''}
      </p>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <h2 class="visually-hidden">Số nhiệm vụ theo tình trạng</h2>
          <ul class="counts">
            <li class="count">
              <a href="/tasks">
                <strong>{data.total}</strong> Tổng số nhiệm vụ
              </a>
            </li>
            {Object.entries(data.counts).map(([status, n]) => (
              <li class={`count tone-${tone(status)}`}>
                <a href={`/tasks?status=${status}`}>
                  <strong>{n}</strong> {TASK_STATUS_NAMES[status]}
                </a>
              </li>
            ))}
          </ul>
          <div class="columns">
            <div>
              <h2>Quá hạn trong tuần này</h2>
              {data.overdueThisWeek.length === 0 ? (
                <Empty>Không có nhiệm vụ nào trở thành quá hạn từ thứ Hai tuần này.</Empty>
              ) : (
                <Table id="overdue-week" caption="Quá hạn trong tuần này">
                  <thead>
                    <tr>
                      <th>Nhiệm vụ</th>
                      <th>Cơ quan chủ trì</th>
                      <th>Hạn</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.overdueThisWeek.map((t) => (
                      <tr>
                        <td>
                          <a href={taskHref(t.workflowId)}>{t.title ?? t.workflowId}</a>
                        </td>
                        <td>{names(t.leads)}</td>
                        <td>
                          {vnDate(t.due)} <DueWords words={t.dueWords} status={t.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </div>
            <div>
              <h2>Cơ quan có nhiều việc quá hạn nhất</h2>
              {data.mostOverdue.length === 0 ? (
                <Empty>Không cơ quan nào có nhiệm vụ quá hạn.</Empty>
              ) : (
                <ol class="most-overdue">
                  {data.mostOverdue.map((r) => (
                    <li>
                      <a href={`/tasks?agency=${encodeURIComponent(r.agency)}&status=overdue`}>{r.agency}</a>: <StatusBadge status="overdue" /> {r.overdue}
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </div>
          <h2>Tỷ lệ đúng hạn theo tháng (theo hạn của nhiệm vụ)</h2>
          {data.months.every((m) => m.onTime + m.late + m.overdue === 0) ? (
            <Empty>Chưa có nhiệm vụ nào đến hạn trong 12 tháng qua.</Empty>
          ) : (
            <RateTable
              id="month-rates"
              caption="Tỷ lệ đúng hạn theo tháng"
              heading="Tháng"
              rows={data.months.map((m) => ({ ...m, name: m.month.split('-').reverse().join('/') }))}
            />
          )}
          <h2>Tỷ lệ hoàn thành đúng hạn theo kế hoạch</h2>
          <p class="hint">
            Kế hoạch có tỷ lệ thấp nhất ở đầu bảng. Thanh màu: <span class="tone-good">xanh — đúng hạn</span>,{' '}
            <span class="tone-bad">hồng — hoàn thành quá hạn</span>, <span class="tone-bad">đỏ — đang quá hạn</span>.
          </p>
          {data.plans.length === 0 ? (
            <Empty>Chưa có kế hoạch nào có nhiệm vụ đến hạn (đã hoàn thành hoặc đang quá hạn) trong phạm vi theo dõi.</Empty>
          ) : (
            <RateTable
              id="plan-rates"
              caption="Tỷ lệ đúng hạn theo kế hoạch"
              heading="Kế hoạch"
              rows={data.plans.map((r) => ({ ...r, name: <a href={planHref(r.planId)}>{r.planTitle}</a> }))}
            />
          )}
          <h2>Tỷ lệ hoàn thành đúng hạn theo cơ quan</h2>
          <p class="hint">
            Tỷ lệ = số việc hoàn thành đúng hạn / (đúng hạn + hoàn thành quá hạn + đang quá hạn). Cơ quan có tỷ lệ thấp nhất ở đầu bảng. Thanh màu:{' '}
            <span class="tone-good">xanh — đúng hạn</span>, <span class="tone-bad">đỏ — quá hạn</span>.
          </p>
          {data.agencies.length === 0 ? (
            <Empty>Chưa có nhiệm vụ nào đến hạn (đã hoàn thành hoặc đang quá hạn) trong phạm vi theo dõi.</Empty>
          ) : (
            <RateTable
              id="agency-rates"
              caption="Tỷ lệ đúng hạn theo cơ quan"
              heading="Cơ quan"
              rows={data.agencies.map((r) => ({ ...r, name: <a href={`/tasks?agency=${encodeURIComponent(r.agency)}`}>{r.agency}</a> }))}
            />
          )}
        </>
      ) : null}
    </section>
  );
}
