/**
 * Extension requests on the dashboard: the agency's form "Đề nghị gia hạn" (a later date and the
 * reason, for one of its open parts), and the monitoring office's answer to a pending request,
 * "Đồng ý gia hạn" (prefilled with the date asked for) or "Không đồng ý" (a reason required). Used
 * by the task page and the queue of the monitoring office.
 */
import { api } from '../api';
import { ActionForm, Field, Select, TextArea } from '../components';
import { vnDate, vnTime } from '../format';
import type { ObligationView } from '../types';

/** What the answer forms need of a request: the task, the part, and the request itself. */
export type PendingRequest = {
  workflowId: string;
  agency: string;
  milestone: number;
  label: string;
  due: string;
  until: string;
  reason: string;
  by: string;
  at: string;
};

/** The day after an ISO date: the earliest date a request may ask for. */
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const post = (workflowId: string, action: string, body: Record<string, unknown>) =>
  api(`/api/tasks/${encodeURIComponent(workflowId)}/${action}`, { method: 'POST', body });

/** The pending requests of a task, as the answer forms take them. */
export function pendingOf(workflowId: string, obligations: ObligationView[]): PendingRequest[] {
  return obligations.flatMap((o) => (o.completed || !o.extensionRequest ? [] : [{ workflowId, agency: o.agency, milestone: o.milestone, label: o.label, due: o.due, ...o.extensionRequest }]));
}

/** The agency's request, for its open parts without a pending request; the parts already waiting are said. */
export function RequestExtension({ workflowId, open, group, onDone }: { workflowId: string; open: ObligationView[]; group: boolean; onDone: (text: string) => void }) {
  const waiting = open.filter((o) => o.extensionRequest);
  const free = open.filter((o) => !o.extensionRequest);
  const milestones = new Set(open.map((o) => o.milestone)).size > 1;
  const name = (o: ObligationView) => [group ? o.agency : null, milestones ? o.label : null, `hạn ${vnDate(o.due)}`].filter(Boolean).join(' — ');
  const earliest = free.map((o) => dayAfter(o.due)).sort()[0];
  return (
    <div class="extension-request">
      {waiting.map((o) => (
        <p class="hint pending-request">
          {group ? `${o.agency}: ` : ''}Đã đề nghị gia hạn đến {vnDate(o.extensionRequest!.until)}, đang chờ Văn phòng UBND xem xét.
        </p>
      ))}
      {free.length > 0 ? (
        <ActionForm
          title="Đề nghị gia hạn"
          class="request-extension"
          hint="Đề nghị được gửi đến Văn phòng UBND để xem xét; trong thời gian chờ, hạn hiện tại vẫn được áp dụng."
          onSubmit={async (v) => {
            const o = free.length === 1 ? free[0]! : free.find((x) => `${x.milestone}|${x.agency}` === v.part);
            await post(workflowId, 'request-extension', { ...(o ? { agency: o.agency, milestone: o.milestone } : {}), until: v.until ?? '', reason: v.reason ?? '' });
            onDone('Đã gửi đề nghị gia hạn đến Văn phòng UBND.');
          }}
          done="Đã gửi đề nghị gia hạn."
        >
          {free.length > 1 ? <Select label="Phần việc" name="part" required options={free.map((o) => [`${o.milestone}|${o.agency}`, name(o)])} /> : null}
          <Field label="Hạn đề nghị" name="until" type="date" min={earliest} required hint={free.length === 1 ? `Hạn hiện tại: ${vnDate(free[0]!.due)}` : undefined} />
          <TextArea label="Lý do đề nghị gia hạn" name="reason" required />
        </ActionForm>
      ) : null}
    </div>
  );
}

/** One pending request and the monitoring office's two answers. */
export function AnswerExtension({ request, onDone, heading = true }: { request: PendingRequest; onDone: (text: string) => void; heading?: boolean }) {
  const body = { agency: request.agency, milestone: request.milestone };
  return (
    <div class="extension-answer">
      {heading ? <h3>Đề nghị gia hạn của {request.agency}</h3> : null}
      <p class="request-facts">
        Đề nghị gia hạn{request.label && !request.label.startsWith('hạn ') ? ` ${request.label}` : ''} từ {vnDate(request.due)} đến <strong>{vnDate(request.until)}</strong>; lý do: {request.reason}
        <span class="sub">
          {' '}
          — {request.by}, {vnTime(request.at)}
        </span>
      </p>
      <ActionForm
        title="Đồng ý gia hạn"
        class="approve-extension compact"
        onSubmit={async (v) => {
          await post(request.workflowId, 'extend', { ...body, newDue: v.newDue ?? '', reason: v.reason ?? '', approvedBy: v.approvedBy ?? '' });
          onDone(`Đã đồng ý gia hạn cho ${request.agency}.`);
        }}
        done="Đã đồng ý gia hạn."
      >
        <Field label="Hạn mới" name="newDue" type="date" min={dayAfter(request.due)} value={request.until} required />
        <Field label="Người phê duyệt" name="approvedBy" required />
        <TextArea label="Lý do gia hạn" name="reason" value={request.reason} required />
      </ActionForm>
      <ActionForm
        title="Không đồng ý"
        class="decline-extension compact"
        onSubmit={async (v) => {
          await post(request.workflowId, 'decline-extension', { ...body, reason: v.reason ?? '' });
          onDone(`Đã trả lời không đồng ý gia hạn cho ${request.agency}.`);
        }}
        done="Đã trả lời không đồng ý gia hạn."
      >
        <TextArea label="Lý do không đồng ý" name="reason" required />
      </ActionForm>
    </div>
  );
}
