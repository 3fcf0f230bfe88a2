/** Tiếp nhận hồ sơ: a desk registers a file it received; the appointment is computed from the processing time. */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ActionForm, Field, TextArea } from '../components';
import { fileHref, navigate } from '../router';
import { agencyName, useSession } from '../session';
import type { FileView } from '../types';

export function Intake() {
  const { user, directory } = useSession();
  const [now] = useState(() => new Date());
  const desk = user.role === 'desk' || user.role === 'agency';
  const deskName = agencyName(directory, user.agency) ?? '';
  const agencies = (directory?.agencies ?? []).filter((a) => !user.jurisdiction || a.jurisdiction === user.jurisdiction);
  return (
    <section id="intake" class="page">
      <h1>Tiếp nhận hồ sơ</h1>
      <p class="hint">
        Ngày hẹn trả kết quả được tính từ thời hạn giải quyết theo ngày làm việc (hồ sơ nhận sau giờ hành chính tính từ ngày làm việc tiếp theo). Cơ quan giải quyết ghi theo thứ tự, mỗi dòng
        một cơ quan, đúng tên trong danh bạ.
      </p>
      <ActionForm
        title="Thông tin hồ sơ"
        submitLabel="Tiếp nhận hồ sơ"
        id="intake-form"
        done="Đã tiếp nhận hồ sơ."
        onSubmit={async (v) => {
          const received = v.receivedAt ? new Date(v.receivedAt) : now;
          const answer = await api<{ created: boolean; file: FileView }>('/api/one-stop/files', {
            method: 'POST',
            body: {
              code: v.code ?? '',
              procedure: { code: v.procedureCode ?? '', name: v.procedureName ?? '', workingDays: Number(v.workingDays ?? 'x') },
              applicant: { name: v.applicant ?? '', ...(v.email ? { email: v.email } : {}), ...(v.phone ? { phone: v.phone } : {}) },
              receivingUnit: desk ? deskName : (v.receivingUnit ?? ''),
              agencies: (v.agencies ?? '')
                .split('\n')
                .map((a) => a.trim())
                .filter(Boolean),
              receivedAt: received.toISOString(),
              online: v.online === 'on',
            },
          });
          navigate(fileHref(answer.file.file.code));
        }}
      >
        <Field label="Mã hồ sơ" name="code" required placeholder="000.00.12.H57-250101-0001" />
        <Field label="Mã thủ tục hành chính" name="procedureCode" required placeholder="1.009994" />
        <Field label="Tên thủ tục hành chính" name="procedureName" required />
        <Field label="Thời hạn giải quyết (ngày làm việc)" name="workingDays" type="number" min={0} max={365} required />
        <Field label="Người nộp hồ sơ" name="applicant" required />
        <Field label="Thư điện tử người nộp" name="email" type="email" />
        <Field label="Số điện thoại người nộp" name="phone" type="tel" />
        {desk ? (
          <p class="field">
            <span>Nơi tiếp nhận</span> <strong>{deskName}</strong>
          </p>
        ) : (
          <Field label="Nơi tiếp nhận" name="receivingUnit" required />
        )}
        <TextArea label="Cơ quan giải quyết (theo thứ tự, mỗi dòng một cơ quan)" name="agencies" required rows={3} />
        <datalist id="intake-agencies">
          {agencies.map((a) => (
            <option value={a.name} />
          ))}
        </datalist>
        <Field label="Thời điểm tiếp nhận (để trống: bây giờ)" name="receivedAt" type="datetime-local" />
        <label class="field checkbox">
          <input type="checkbox" name="online" /> <span>Hồ sơ nộp trực tuyến</span>
        </label>
      </ActionForm>
    </section>
  );
}
