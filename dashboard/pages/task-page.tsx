/**
 * One task or instance: its facts, the deadline as written and how it was read, each agency's part
 * (every member of a group task), its instances, the timeline, and exactly the actions this account
 * may take, with pickers for the member, the milestone and the level.
 */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ActionForm, Empty, Facts, Field, Loading, PageError, Select, StatusBadge, Table, TextArea } from '../components';
import { vnDate, vnTime } from '../format';
import { useLoad } from '../load';
import { KIND_NAMES } from '../names';
import { taskHref } from '../router';
import { useSession } from '../session';
import type { ObligationView, OtherPart, TaskView, User } from '../types';
import { planHref } from './plans';
import { TemplateFact } from './template-link';
import { AnswerExtension, pendingOf, RequestExtension } from './extension-forms';

type View = TaskView & { otherParts?: OtherPart[] };

const CLOSED = ['done_on_time', 'done_late', 'cancelled'];

/** What this account may do on this task: the same rule as api/access.ts (the server decides in the end). */
function mayAct(user: User, view: View): boolean {
  if (CLOSED.includes(view.status)) return false;
  if (user.role === 'admin') return true;
  if (user.role === 'monitor') return view.facts.jurisdiction === user.jurisdiction;
  return user.role === 'agency' && view.obligations.length > 0;
}

const partKey = (o: Pick<ObligationView, 'agency' | 'milestone'>) => `${o.milestone}|${o.agency}`;
const partLabel = (o: ObligationView, group: boolean, milestones: boolean) =>
  [group ? o.agency : null, milestones ? `${o.label} (hạn ${vnDate(o.due)})` : null].filter(Boolean).join(' — ') || `${o.agency} (hạn ${vnDate(o.due)})`;
const fromKey = (key: string | undefined) => {
  if (!key) return {};
  const bar = key.indexOf('|');
  return { milestone: Number(key.slice(0, bar)), agency: key.slice(bar + 1) };
};

/** Pending acknowledgements: every escalated level of an open part that nobody acknowledged. */
function pendingLevels(view: View): { o: ObligationView; level: number }[] {
  return view.obligations.flatMap((o) =>
    o.completed ? [] : Array.from({ length: o.escalationLevel }, (_, i) => i + 1).filter((level) => !o.acknowledged.some((a) => a.level === level)).map((level) => ({ o, level })),
  );
}

const DONE: Record<string, string> = {
  complete: 'Đã ghi nhận hoàn thành.',
  progress: 'Đã ghi nhận tiến độ.',
  acknowledge: 'Đã xác nhận báo cáo.',
  extend: 'Đã gia hạn.',
  'set-deadline': 'Đã đặt thời hạn.',
  cancel: 'Đã hủy nhiệm vụ.',
};

function Actions({ view, reload, flash }: { view: View; reload: () => void; flash: (text: string) => void }) {
  const { user } = useSession();
  if (!mayAct(user, view)) {
    if (CLOSED.includes(view.status)) return <p class="hint">Nhiệm vụ đã kết thúc; không còn thao tác nào.</p>;
    if (user.role === 'viewer' || user.role === 'desk' || user.role === 'monitor')
      return <p class="hint">Tài khoản này chỉ xem nhiệm vụ này; các thao tác do cơ quan chủ trì và Văn phòng UBND của đơn vị hành chính thực hiện.</p>;
    return null;
  }
  const act = async (action: string, body: Record<string, unknown>) => {
    await api(`/api/tasks/${encodeURIComponent(view.workflowId)}/${action}`, { method: 'POST', body });
    flash(DONE[action] ?? 'Đã ghi nhận.');
    reload();
  };
  const open = view.obligations.filter((o) => !o.completed);
  const group = new Set(view.obligations.map((o) => o.agency)).size > 1;
  const milestones = new Set(view.obligations.map((o) => o.milestone)).size > 1;
  const parts: [string, string][] = open.map((o) => [partKey(o), partLabel(o, group, milestones)]);
  const pending = pendingLevels(view);
  const monitor = user.role === 'admin' || user.role === 'monitor';
  const openMilestones = [...new Map(open.map((o) => [o.milestone, o])).values()];

  return (
    <div class="actions">
      {open.length > 0 ? (
        <ActionForm
          title="Báo cáo hoàn thành"
          hint="Ghi số, ngày văn bản báo cáo hoặc đường dẫn đến văn bản làm minh chứng."
          onSubmit={(v) => act('complete', { ...fromKey(v.part), evidence: v.evidence ?? '', ...(v.note ? { note: v.note } : {}) })}
          done="Đã ghi nhận hoàn thành."
        >
          <Select label="Phần việc" name="part" options={parts} required />
          <Field label="Minh chứng (số văn bản hoặc đường dẫn)" name="evidence" required />
          <Field label="Ghi chú (không bắt buộc)" name="note" />
        </ActionForm>
      ) : null}
      {open.length > 0 ? (
        <ActionForm
          title="Báo cáo tiến độ"
          onSubmit={(v) => act('progress', { agency: fromKey(v.part).agency, percent: Number(v.percent), note: v.note ?? '' })}
          done="Đã ghi nhận tiến độ."
        >
          <Select label="Phần việc" name="part" options={parts} required />
          <Field label="Tiến độ (%)" name="percent" type="number" min={0} max={100} required />
          <TextArea label="Nội dung đã thực hiện" name="note" required />
        </ActionForm>
      ) : null}
      {(user.role === 'agency' || user.role === 'admin') && open.length > 0 ? (
        <RequestExtension workflowId={view.workflowId} open={open} group={group} onDone={(text) => (flash(text), reload())} />
      ) : null}
      {monitor
        ? pendingOf(view.workflowId, view.obligations).map((r) => <AnswerExtension key={`${r.milestone}|${r.agency}`} request={r} onDone={(text) => (flash(text), reload())} />)
        : null}
      {pending.length > 0 ? (
        <ActionForm
          title="Xác nhận báo cáo"
          class="acknowledge"
          hint="Mỗi cấp báo cáo cần được xác nhận kèm ý kiến chỉ đạo hoặc ghi nhận; việc đôn đốc lặp lại đến khi có xác nhận."
          onSubmit={(v) => {
            const [level, milestone, agency] = (v.pending ?? '').split('|');
            return act('acknowledge', { level: Number(level), milestone: Number(milestone), agency, comment: v.comment ?? '' });
          }}
          done="Đã xác nhận."
        >
          <Select
            label="Cấp chờ xác nhận"
            name="pending"
            required
            options={pending.map(({ o, level }) => [`${level}|${o.milestone}|${o.agency}`, `Cấp ${level} — ${o.agency}${milestones ? ` — ${o.label}` : ''}`])}
          />
          <TextArea label="Ý kiến" name="comment" required />
        </ActionForm>
      ) : null}
      {monitor && open.length > 0 ? (
        <ActionForm
          title="Gia hạn"
          class="extend"
          hint="Gia hạn theo ý kiến phê duyệt của lãnh đạo; hạn mới được gửi đến cơ quan chủ trì."
          onSubmit={(v) => act('extend', { milestone: v.milestone ? Number(v.milestone) : undefined, newDue: v.newDue ?? '', reason: v.reason ?? '', approvedBy: v.approvedBy ?? '' })}
          done="Đã gia hạn."
        >
          {openMilestones.length > 1 ? (
            <Select label="Mốc" name="milestone" required options={openMilestones.map((o) => [String(o.milestone), `${o.label} (hạn ${vnDate(o.due)})`])} />
          ) : null}
          <Field label="Hạn mới" name="newDue" type="date" required />
          <Field label="Người phê duyệt" name="approvedBy" required />
          <TextArea label="Lý do gia hạn" name="reason" required />
        </ActionForm>
      ) : null}
      {monitor && view.status === 'needs_deadline' ? (
        <ActionForm title="Đặt thời hạn" onSubmit={(v) => act('set-deadline', { due: v.due ?? '', ...(v.note ? { note: v.note } : {}) })} done="Đã đặt thời hạn.">
          <Field label="Hạn hoàn thành" name="due" type="date" required />
          <TextArea label="Ghi chú" name="note" />
        </ActionForm>
      ) : null}
      {monitor ? (
        <details class="danger">
          <summary>Hủy nhiệm vụ</summary>
          <ActionForm title="Hủy nhiệm vụ" submitLabel="Xác nhận hủy" onSubmit={(v) => act('cancel', { reason: v.reason ?? '' })} done="Đã hủy nhiệm vụ.">
            <TextArea label="Lý do hủy" name="reason" required />
          </ActionForm>
        </details>
      ) : null}
    </div>
  );
}

function Parts({ view }: { view: View }) {
  if (view.obligations.length === 0 && !view.otherParts?.length) return <Empty>Nhiệm vụ chưa có phần việc nào có hạn (thường xuyên, định kỳ hoặc chưa có thời hạn).</Empty>;
  return (
    <Table id="parts" caption="Phần việc của từng cơ quan">
      <thead>
        <tr>
          <th>Cơ quan</th>
          <th>Mốc</th>
          <th>Hạn</th>
          <th>Tình trạng</th>
          <th>Tiến độ, kết quả</th>
          <th>Cấp báo cáo</th>
        </tr>
      </thead>
      <tbody>
        {view.obligations.map((o) => (
          <tr>
            <td>{o.agency}</td>
            <td>{o.label}</td>
            <td>
              {vnDate(o.due)}
              {o.due !== o.originalDue ? ` (hạn ban đầu ${vnDate(o.originalDue)})` : ''}
            </td>
            <td>
              <StatusBadge status={o.status} />
            </td>
            <td>
              {o.completed ? `Hoàn thành ${vnTime(o.completed.at)}: ${o.completed.evidence}${o.completed.note ? ` — ${o.completed.note}` : ''}` : null}
              {!o.completed && o.progress ? `${o.progress.percent}% – ${o.progress.note}` : null}
              {!o.completed && o.extensionRequest ? <div class="sub pending-request">Đề nghị gia hạn đến {vnDate(o.extensionRequest.until)}, chờ Văn phòng UBND xem xét</div> : null}
            </td>
            <td>
              {o.escalationLevel ? `Cấp ${o.escalationLevel}` : ''}
              {o.acknowledged.map((a) => (
                <div class="sub">
                  Cấp {a.level} đã xác nhận: {a.by}, {vnTime(a.at)} — {a.comment}
                </div>
              ))}
            </td>
          </tr>
        ))}
        {(view.otherParts ?? []).map((o) => (
          <tr class="other">
            <td>{o.agency}</td>
            <td>{o.label}</td>
            <td>—</td>
            <td>
              <StatusBadge status={o.status} />
            </td>
            <td class="hint">Phần việc của cơ quan khác</td>
            <td />
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function TaskPage({ id }: { id: string }) {
  const { user } = useSession();
  const { data: t, error, loading, reload } = useLoad(() => api<View>(`/api/tasks/${encodeURIComponent(id)}`), [id]);
  const [flash, setFlash] = useState<string | null>(null);
  // An instance's id is its task's id and "/<period>": it links back to the task, which lists its instances.
  const slash = id.indexOf('/');
  const parent = slash > 0 ? id.slice(0, slash) : null;
  return (
    <section id="task" class="page">
      <p class="back">
        <a href="/tasks">← Danh sách nhiệm vụ</a>
      </p>
      <PageError message={error} />
      {loading && !t ? <Loading /> : null}
      {t ? (
        <>
          {parent ? (
            <p class="parent">
              Một kỳ của nhiệm vụ: <a href={taskHref(parent)}>xem nhiệm vụ</a>
            </p>
          ) : null}
          <h1>{t.facts.title}</h1>
          <Facts
            rows={[
              ['Kế hoạch', user.role === 'desk' ? t.facts.planTitle : <a href={planHref(t.facts.planId)}>{t.facts.planTitle}</a>],
              ['Mã nhiệm vụ', t.facts.ref],
              ['Sản phẩm', t.facts.product ?? '—'],
              ['Cơ quan chủ trì', t.facts.lead.join(', ')],
              ...(t.facts.coordinating.length ? ([['Cơ quan phối hợp', t.facts.coordinating.join(', ')]] as [string, string][]) : []),
              ['Thời gian (theo kế hoạch)', t.facts.deadlineText],
              ['Cách tính thời hạn', t.facts.explanation],
              ['Loại thời hạn', KIND_NAMES[t.kind] ?? t.kind],
              ['Mẫu theo dõi', <TemplateFact template={t.template} workflowId={t.workflowId} />],
              ['Hạn', `${vnDate(t.due)}${t.extended ? ' (đã gia hạn)' : ''}`],
              [
                'Tình trạng',
                <>
                  <StatusBadge status={t.status} />
                  {t.escalationLevel ? ` — đã báo cáo cấp ${t.escalationLevel}` : ''}
                </>,
              ],
            ]}
          />
          <h2>Phần việc của từng cơ quan</h2>
          <Parts view={t} />
          {t.instances.length > 0 ? (
            <>
              <h2>Các kỳ thực hiện</h2>
              <Table class="instances" caption="Các kỳ thực hiện">
                <thead>
                  <tr>
                    <th>Kỳ</th>
                    <th>Hạn</th>
                    <th>Tình trạng</th>
                  </tr>
                </thead>
                <tbody>
                  {t.instances.map((i) => (
                    <tr>
                      <td>
                        <a href={taskHref(i.workflowId)}>{i.label}</a>
                      </td>
                      <td>{vnDate(i.due)}</td>
                      <td>
                        <StatusBadge status={i.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          ) : null}
          <h2>Thao tác</h2>
          <p id="flash" class="ok" role="status" hidden={!flash}>
            {flash ?? ''}
          </p>
          <Actions view={t} reload={reload} flash={setFlash} />
          <h2>Diễn biến</h2>
          <Timeline entries={t.timeline} />
        </>
      ) : null}
    </section>
  );
}

export function Timeline({ entries }: { entries: { at: string; text: string; by?: string }[] }) {
  if (entries.length === 0) return <Empty>Chưa có diễn biến nào.</Empty>;
  return (
    <ol class="timeline">
      {[...entries].reverse().map((e) => (
        <li>
          <time dateTime={e.at}>{vnTime(e.at)}</time> <span>{e.text}</span>
          {e.by ? <span class="by"> — {e.by}</span> : null}
        </li>
      ))}
    </ol>
  );
}
