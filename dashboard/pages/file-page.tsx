/**
 * One one-stop file: its facts, the clock and its pauses, the agencies in order, the apology (with
 * the rules, a form, and the letter to print or download as DOCX), the events, and the actions of
 * this account's role (the file workflow decides whose step each one is).
 */
import { useState } from 'preact/hooks';
import { api, download, request } from '../api';
import { ActionForm, Empty, Facts, Field, Loading, PageError, Select, StatusBadge, TextArea } from '../components';
import { vnDate, vnTime } from '../format';
import { messageOf, useLoad } from '../load';
import { useSession } from '../session';
import type { FileView, User } from '../types';
import { Timeline } from './task-page';

/** The file as GET /api/one-stop/files/<code> answers it: its view and the template it follows. */
type FileWithTemplate = FileView & { template?: { id: string; version: number; name: string } | null };

const appointmentText = (a: FileView['appointment']) =>
  a ? `${a.at ? `${new Date(a.at).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' })} ` : ''}${vnDate(a.date)}` : '—';

const sameName = (a: string | undefined, b: string) => (a ?? '').toLocaleLowerCase('vi') === b.toLocaleLowerCase('vi');
const isOpen = (f: FileView) => !['returned', 'withdrawn'].includes(f.status);

/** The letter (HTML) opened in a new tab, for printing. */
async function openLetter(code: string): Promise<void> {
  const res = await request(`/api/one-stop/files/${encodeURIComponent(code)}/apology.html`);
  window.open(URL.createObjectURL(await res.blob()), '_blank', 'noopener');
}

function Letter({ f }: { f: FileView }) {
  const [error, setError] = useState<string | null>(null);
  const code = f.file.code;
  return (
    <div class="letter-buttons">
      <button type="button" class="secondary" onClick={() => openLetter(code).catch((e) => setError(messageOf(e)))}>
        {f.apology ? 'Xem phiếu xin lỗi (bản in)' : 'Xem trước phiếu (dự thảo)'}
      </button>
      <button type="button" class="secondary" id="letter-docx" onClick={() => download(`/api/one-stop/files/${encodeURIComponent(code)}/apology.docx`, `phieu-xin-loi-${code}.docx`).catch((e) => setError(messageOf(e)))}>
        Tải phiếu (DOCX)
      </button>
      <p class="form-error" role="alert" hidden={!error}>
        {error ?? ''}
      </p>
    </div>
  );
}

function ApologyForm({ f, user, act }: { f: FileView; user: User; act: (action: string, body: Record<string, unknown>) => Promise<void> }) {
  const holderMayAct = user.role === 'admin' || user.role === 'monitor' || (user.role === 'agency' && sameName(user.agency, f.holder));
  if (f.apology || !holderMayAct || !['not_due', 'due_soon', 'overdue'].includes(f.status)) return null;
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
  return (
    <ActionForm
      title="Phiếu xin lỗi và hẹn lại ngày trả kết quả"
      class="apology"
      id="apology-form"
      hint={
        <>
          Theo quy định, khi hồ sơ không giải quyết kịp, cơ quan đang giải quyết ({f.holder}) gửi phiếu xin lỗi và hẹn lại ngày trả kết quả chậm nhất 01 ngày trước ngày
          hẹn {f.apologyBy ? `(hạn gửi: ${vnDate(f.apologyBy)})` : ''}. Mỗi hồ sơ chỉ được hẹn lại một lần; ngày hẹn mới phải là ngày làm việc, sau ngày hẹn ban đầu (
          {appointmentText(f.appointment)}).
        </>
      }
      onSubmit={(v) =>
        act('apology', {
          number: v.number ?? '',
          date: v.date ?? '',
          signer: v.signer ?? '',
          ...(v.signerTitle ? { signerTitle: v.signerTitle } : {}),
          reason: v.reason ?? '',
          newAppointment: v.newAppointment ?? '',
        })
      }
      done="Đã gửi phiếu xin lỗi; người nộp hồ sơ được thông báo ngày hẹn mới."
    >
      <Field label="Số phiếu" name="number" required placeholder="12/PXL" hint='Dạng "số/PXL", ví dụ 12/PXL-TNMT' />
      <Field label="Ngày của phiếu" name="date" type="date" value={today} required />
      <Field label="Người ký" name="signer" required />
      <Field label="Chức vụ người ký" name="signerTitle" value="Thủ trưởng cơ quan" />
      <Field label="Ngày hẹn mới" name="newAppointment" type="date" required />
      <TextArea label="Lý do chậm trễ (ít nhất 10 ký tự)" name="reason" required />
    </ActionForm>
  );
}

const DONE: Record<string, string> = {
  apology: 'Đã gửi phiếu xin lỗi; người nộp hồ sơ được thông báo ngày hẹn mới.',
  'result-ready': 'Đã ghi nhận kết quả.',
  transfer: 'Đã chuyển hồ sơ.',
  'request-documents': 'Đã yêu cầu bổ sung hồ sơ; thời gian giải quyết tạm dừng.',
  'documents-received': 'Đã nhận hồ sơ bổ sung; thời gian giải quyết tính tiếp.',
  'result-returned': 'Đã ghi nhận trả kết quả.',
  acknowledge: 'Đã xác nhận báo cáo.',
  withdraw: 'Đã ghi nhận rút hồ sơ.',
};

function Actions({ f, reload, flash }: { f: FileView; reload: () => void; flash: (text: string) => void }) {
  const { user } = useSession();
  if (user.role === 'viewer' || !isOpen(f)) return null;
  const act = async (action: string, body: Record<string, unknown>) => {
    await api(`/api/one-stop/files/${encodeURIComponent(f.file.code)}/${action}`, { method: 'POST', body });
    flash(DONE[action] ?? 'Đã ghi nhận.');
    reload();
  };
  const holder = user.role === 'admin' || user.role === 'monitor' || (user.role === 'agency' && sameName(user.agency, f.holder));
  const desk = user.role === 'admin' || user.role === 'monitor' || user.role === 'desk';
  const next = f.file.agencies[f.file.agencies.findIndex((a) => sameName(a, f.holder)) + 1];
  const waiting = f.status === 'waiting_documents';
  const pending = Array.from({ length: f.escalationLevel }, (_, i) => i + 1).filter((level) => !f.acknowledged.some((a) => a.level === level));
  return (
    <div class="actions">
      <ApologyForm f={f} user={user} act={act} />
      {pending.length > 0 && (user.role === 'admin' || user.role === 'monitor') ? (
        <ActionForm
          title="Xác nhận báo cáo hồ sơ trễ hẹn"
          class="acknowledge"
          onSubmit={(v) => act('acknowledge', { level: Number(v.level), comment: v.comment ?? '' })}
        >
          <Select label="Cấp chờ xác nhận" name="level" required options={pending.map((l) => [String(l), `Cấp ${l}`])} />
          <TextArea label="Ý kiến" name="comment" required />
        </ActionForm>
      ) : null}
      {holder && !waiting && f.status !== 'result_ready' ? (
        <ActionForm title="Đã có kết quả" onSubmit={(v) => act('result-ready', v.note ? { note: v.note } : {})} done="Đã ghi nhận kết quả.">
          <Field label="Ghi chú" name="note" />
        </ActionForm>
      ) : null}
      {holder && next && !waiting ? (
        <ActionForm title={`Chuyển hồ sơ đến ${next}`} submitLabel="Chuyển hồ sơ" onSubmit={(v) => act('transfer', { to: next, ...(v.note ? { note: v.note } : {}) })} done="Đã chuyển hồ sơ.">
          <Field label="Ghi chú" name="note" />
        </ActionForm>
      ) : null}
      {holder && !waiting && f.status !== 'result_ready' ? (
        <ActionForm title="Yêu cầu bổ sung hồ sơ" hint="Thời gian giải quyết dừng lại đến khi người nộp bổ sung đủ." onSubmit={(v) => act('request-documents', { reason: v.reason ?? '' })} done="Đã yêu cầu bổ sung.">
          <TextArea label="Giấy tờ cần bổ sung, hoàn thiện" name="reason" required />
        </ActionForm>
      ) : null}
      {desk && waiting ? (
        <ActionForm title="Đã nhận hồ sơ bổ sung" onSubmit={(v) => act('documents-received', v.note ? { note: v.note } : {})} done="Đã ghi nhận; thời gian giải quyết tính tiếp.">
          <Field label="Ghi chú" name="note" />
        </ActionForm>
      ) : null}
      {desk && f.status === 'result_ready' ? (
        <ActionForm title="Đã trả kết quả" onSubmit={() => act('result-returned', {})} done="Đã ghi nhận trả kết quả.">
          <></>
        </ActionForm>
      ) : null}
      {desk ? (
        <details class="danger">
          <summary>Rút hồ sơ</summary>
          <ActionForm title="Rút hồ sơ" submitLabel="Xác nhận rút hồ sơ" onSubmit={(v) => act('withdraw', { reason: v.reason ?? '' })} done="Đã ghi nhận rút hồ sơ.">
            <TextArea label="Lý do rút hồ sơ" name="reason" required />
          </ActionForm>
        </details>
      ) : null}
    </div>
  );
}

export function FilePage({ code }: { code: string }) {
  const { data: f, error, loading, reload } = useLoad(() => api<FileWithTemplate>(`/api/one-stop/files/${encodeURIComponent(code)}`), [code]);
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <section id="file" class="page">
      <p class="back">
        <a href="/files">← Danh sách hồ sơ</a>
      </p>
      <PageError message={error} />
      {loading && !f ? <Loading /> : null}
      {f ? (
        <>
          <h1>Hồ sơ {f.file.code}</h1>
          <Facts
            rows={[
              ['Thủ tục hành chính', `${f.file.procedure.name} (${f.file.procedure.code})`],
              ['Thời hạn giải quyết', `${f.file.procedure.workingDays} ngày làm việc`],
              ['Mẫu nhắc việc', f.template ? `${f.template.name} — phiên bản ${f.template.version}` : 'Quy trình mặc định theo Nghị định 118/2025/NĐ-CP'],
              ['Người nộp hồ sơ', f.file.applicant.name],
              ['Nơi tiếp nhận', f.file.receivingUnit],
              ['Thời điểm tiếp nhận', vnTime(f.file.receivedAt)],
              ['Cơ quan đang giữ hồ sơ', f.holder],
              ['Ngày hẹn trả kết quả', appointmentText(f.appointment)],
              ...(f.originalAppointment && f.appointment && f.originalAppointment.date !== f.appointment.date
                ? ([['Ngày hẹn ban đầu', appointmentText(f.originalAppointment)]] as [string, string][])
                : []),
              [
                'Tình trạng',
                <>
                  <StatusBadge status={f.status} file />
                  {f.escalationLevel ? ` — đã báo cáo cấp ${f.escalationLevel}` : ''}
                </>,
              ],
              ...(f.late ? ([['Trễ hẹn', `từ ngày ${vnDate(f.late.since)} (${f.late.agency})`]] as [string, string][]) : []),
              ...(f.apologyBy && !f.apology ? ([['Hạn gửi phiếu xin lỗi', vnDate(f.apologyBy)]] as [string, string][]) : []),
              ...(f.result ? ([['Kết quả', `${vnTime(f.result.at)} – ${f.result.agency}`]] as [string, string][]) : []),
              ...(f.returnedAt ? ([['Đã trả kết quả', vnTime(f.returnedAt)]] as [string, string][]) : []),
              ...(f.withdrawn ? ([['Rút hồ sơ', `${vnTime(f.withdrawn.at)} – ${f.withdrawn.reason}`]] as [string, string][]) : []),
            ]}
          />
          <h2>Thời gian giải quyết</h2>
          <Facts
            rows={[
              ['Bắt đầu tính từ', vnDate(f.clock.start)],
              ['Cách tính thời hạn', f.clock.explanation ?? '—'],
              ['Đang dừng tính thời gian', f.clock.paused ? 'Có — chờ bổ sung hồ sơ' : 'Không'],
              ['Số lần tính lại', String(f.clock.restarts)],
            ]}
          />
          <h3>Các lần yêu cầu bổ sung (dừng tính thời gian)</h3>
          {f.documentRequests.length === 0 ? (
            <Empty>Chưa có lần yêu cầu bổ sung nào: thời gian giải quyết chưa dừng lần nào.</Empty>
          ) : (
            <ul class="pauses">
              {f.documentRequests.map((r) => (
                <li>
                  Từ {vnTime(r.requestedAt)} đến {r.receivedAt ? vnTime(r.receivedAt) : 'nay (chưa nhận bổ sung)'}: {r.reason} — {r.by}
                </li>
              ))}
            </ul>
          )}
          <h2>Cơ quan giải quyết theo thứ tự</h2>
          <ol class="agencies-order">
            {f.file.agencies.map((a) => (
              <li>
                {a}
                {sameName(a, f.holder) ? <strong> (đang giữ hồ sơ)</strong> : null}
              </li>
            ))}
          </ol>
          <h2>Phiếu xin lỗi và hẹn lại ngày trả kết quả</h2>
          {f.apology ? (
            <Facts
              rows={[
                ['Số phiếu', f.apology.number],
                ['Ngày', vnDate(f.apology.date)],
                ['Người ký', `${f.apology.signer}, ${f.apology.signerTitle}`],
                ['Lý do', f.apology.reason],
                ['Ngày hẹn mới', appointmentText(f.apology.newAppointment)],
                ['Gửi đúng hạn', f.apology.timely ? 'Có' : 'Không — gửi sau hạn'],
              ]}
            />
          ) : (
            <p class="hint">Chưa có phiếu xin lỗi.</p>
          )}
          <Letter f={f} />
          <h2>Thao tác</h2>
          <p id="flash" class="ok" role="status" hidden={!flash}>
            {flash ?? ''}
          </p>
          <Actions f={f} reload={reload} flash={setFlash} />
          <h2>Diễn biến</h2>
          <Timeline entries={f.timeline} />
        </>
      ) : null}
    </section>
  );
}
