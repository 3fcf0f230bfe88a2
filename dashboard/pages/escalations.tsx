/**
 * Chờ xác nhận: every escalation level waiting for acknowledgement, oldest due date first, with the
 * days overdue in working days. One click per pending level (per member for group tasks), with a
 * comment; the case's history opens beside it.
 */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ActionForm, Empty, Loading, PageError, StatusBadge, TextArea } from '../components';
import { vnDate, vnTime } from '../format';
import { useLoad } from '../load';
import { taskHref } from '../router';
import { useSession } from '../session';
import type { QueueAnswer, QueueEntry, TaskView } from '../types';
import { Timeline } from './task-page';
import { AnswerExtension } from './extension-forms';
import type { ExtensionRequestsAnswer } from '../../api/extension-requests';

function History({ workflowId }: { workflowId: string }) {
  const { data, error } = useLoad(() => api<TaskView>(`/api/tasks/${encodeURIComponent(workflowId)}`), [workflowId]);
  if (error) return <p class="form-error">{error}</p>;
  if (!data) return <Loading />;
  return <Timeline entries={data.timeline.slice(-12)} />;
}

/** The pending levels of one agency's part of one task (one milestone): one card, one acknowledgement per level. */
function Group({ entries, onDone }: { entries: QueueEntry[]; onDone: () => void }) {
  const { user } = useSession();
  const [history, setHistory] = useState(false);
  const e = entries[0]!;
  const label = e.label && !e.label.startsWith('hạn ') ? ` — ${e.label}` : '';
  return (
    <li class="queue-entry">
      <div class="queue-head">
        <a href={taskHref(e.workflowId)}>{e.title}</a>
        <div class="sub">{e.planTitle}</div>
        <p>
          <strong>{e.agency}</strong>
          {label} — hạn {vnDate(e.due)} <StatusBadge status={e.status} />{' '}
          {e.overdueWorkingDays ? <span class="due-words tone-bad">quá hạn {e.overdueWorkingDays} ngày làm việc</span> : null}
        </p>
      </div>
      <div class="levels">
        {entries.map((level) =>
          user.role !== 'viewer' ? (
            <ActionForm
              key={level.level}
              title={`Cấp ${level.level}${level.escalatedAt ? ` — báo cáo lúc ${vnTime(level.escalatedAt)}` : ''}`}
              submitLabel={`Xác nhận cấp ${level.level}`}
              class="acknowledge compact"
              onSubmit={async (v) => {
                await api(`/api/tasks/${encodeURIComponent(level.workflowId)}/acknowledge`, {
                  method: 'POST',
                  body: { level: level.level, agency: level.agency, milestone: level.milestone, comment: v.comment ?? '' },
                });
                onDone();
              }}
              done="Đã xác nhận."
            >
              <TextArea label="Ý kiến" name="comment" required />
            </ActionForm>
          ) : (
            <p key={level.level}>Cấp {level.level} chờ xác nhận.</p>
          ),
        )}
      </div>
      <button type="button" class="link" aria-expanded={history} onClick={() => setHistory(!history)}>
        {history ? 'Ẩn diễn biến' : 'Xem diễn biến'}
      </button>
      {history ? <History workflowId={e.workflowId} /> : null}
    </li>
  );
}

/** Entries of the same task, agency and milestone together, in the queue's order (oldest due date first). */
function grouped(entries: QueueEntry[]): QueueEntry[][] {
  const groups = new Map<string, QueueEntry[]>();
  for (const e of entries) {
    const key = `${e.workflowId}|${e.agency}|${e.milestone}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()];
}

export function Escalations() {
  const { user } = useSession();
  const { data, error, loading, reload } = useLoad(() => api<QueueAnswer & { extensionRequests?: ExtensionRequestsAnswer }>('/api/dashboard/escalations'), []);
  const requests = data?.extensionRequests;
  return (
    <section id="escalations" class="page">
      <h1>Báo cáo chờ xác nhận</h1>
      <p class="hint">Các cấp báo cáo nhiệm vụ quá hạn chưa được xác nhận, hạn cũ nhất ở đầu. Việc đôn đốc lặp lại đến khi có xác nhận.</p>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {requests && (user.role === 'monitor' || user.role === 'admin') ? (
        <section id="extension-requests" aria-labelledby="extension-requests-title">
          <h2 id="extension-requests-title">Đề nghị gia hạn chờ trả lời</h2>
          {requests.entries.length === 0 ? (
            <Empty>Không có đề nghị gia hạn nào đang chờ Văn phòng trả lời.</Empty>
          ) : (
            <ol class="queue">
              {requests.entries.map((r) => (
                <li class="queue-entry" key={`${r.workflowId}|${r.agency}|${r.milestone}`}>
                  <div class="queue-head">
                    <a href={taskHref(r.workflowId)}>{r.title}</a>
                    <div class="sub">{r.planTitle}</div>
                  </div>
                  <AnswerExtension request={r} onDone={reload} />
                </li>
              ))}
            </ol>
          )}
          {requests.truncated ? <p class="hint">Chỉ hiển thị đề nghị của 150 nhiệm vụ đầu tiên.</p> : null}
        </section>
      ) : null}
      {requests && (user.role === 'monitor' || user.role === 'admin') ? <h2>Cấp báo cáo chờ xác nhận</h2> : null}
      {data && data.entries.length === 0 ? <Empty>Không có cấp báo cáo nào đang chờ xác nhận trong phạm vi theo dõi.</Empty> : null}
      {data && data.entries.length > 0 ? (
        <>
          <p class="summary" role="status">
            {data.entries.length} cấp báo cáo chờ xác nhận{data.truncated ? ' (chỉ hiển thị 150 nhiệm vụ quá hạn lâu nhất)' : ''}.
          </p>
          <ol id="queue" class="queue">
            {grouped(data.entries).map((g) => (
              <Group key={`${g[0]!.workflowId}|${g[0]!.agency}|${g[0]!.milestone}`} entries={g} onDone={reload} />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
