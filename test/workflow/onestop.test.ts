/**
 * One-stop files on Temporal's time-skipping test server with the real worker and activities: every
 * warning, apology demand, escalation and publication is checked at its exact Vietnam time, and
 * every message in the outbox by kind and recipients.
 *
 * Each test moves the server clock to a fixed anchor. Time only moves forward and the server starts
 * at today's date, so the anchors are in 2037: March 2037 has no holiday, and the Tết block of 2037
 * (Friday 13 – Thursday 19 February, estimated by the law's rule since no decision exists yet) is
 * the one the Tết test crosses. The decided Tết 2026 block is checked by test/unit/onestop-clock.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { harnessPerTest, type Harness } from '../support/time-skipping';
import { listOutbox, readOutboxMessage } from '../../activities/notifications';
import { FileRecordStore, PublicationStore } from '../../storage/onestop';
import { DEFAULT_FILE_POLICY } from '../../domain/onestop/policy';
import { parseOneStopFile, type OneStopFileInput } from '../../domain/onestop/file';
import { apologyLetter, letterText } from '../../domain/onestop/letter';
import type { FileRecord } from '../../domain/onestop/report';
import { oneStopFileWorkflow, oneStopMonthlyReportWorkflow } from '../../workflows/onestop-file';
import {
  acknowledgeFileUpdate,
  documentsReceivedUpdate,
  fileStateQuery,
  requestDocumentsUpdate,
  resultReadyUpdate,
  resultReturnedUpdate,
  submitApologyUpdate,
  transferUpdate,
  type FileView,
  type SubmitApologyInput,
} from '../../workflows/onestop-api';
import type { Actor } from '../../workflows/task-api';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/stack';

const TNMT = 'Phòng Tài nguyên và Môi trường';
const DESK = 'Bộ phận Một cửa huyện';
const LAND = 'Chi nhánh Văn phòng Đăng ký đất đai';
const TAX = 'Chi cục Thuế huyện';
const monitor: Actor = { name: 'Trần Thị Văn Phòng', role: 'monitor' };
const agency = (name: string): Actor => ({ name: `Cán bộ ${name}`, role: 'agency', agency: name });

const MAIL = {
  tnmt: ['phong-tai-nguyen-moi-truong.thutruong@tuyphuoc.example', 'phong-tai-nguyen-moi-truong@tuyphuoc.example'],
  tnmtOfficer: ['phong-tai-nguyen-moi-truong@tuyphuoc.example'],
  monitor: ['van-phong-hdnd-ubnd-huyen.thutruong@tuyphuoc.example', 'van-phong-hdnd-ubnd-huyen@tuyphuoc.example'],
  chair: ['chutich@tuyphuoc.example'],
};

let h: Harness;
harnessPerTest((x) => (h = x), Date.parse('2037-02-09T00:00:00+07:00'));

const until = (vietnam: string) => h.until(vietnam);

function file(overrides: Partial<OneStopFileInput> = {}): OneStopFileInput {
  return {
    code: 'H57.22-370302-0001',
    procedure: { code: '1.001009', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', workingDays: 5 },
    applicant: { name: 'Nguyễn Văn An', email: 'an.nguyen@example.vn', phone: '0905123456', idNumber: '052090001234' },
    receivingUnit: DESK,
    agencies: [TNMT],
    receivedAt: '2037-03-02T09:30:00+07:00',
    online: false,
    jurisdiction: 'tuy-phuoc',
    ...overrides,
  };
}

/** Receives the file at its reception time (the clock is moved there first). */
async function receive(input: OneStopFileInput): Promise<WorkflowHandle<typeof oneStopFileWorkflow>> {
  const parsed = parseOneStopFile(input);
  const at = new Date(new Date(parsed.receivedAt).getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  await until(at);
  const handle = await h.env.client.workflow.start(oneStopFileWorkflow, {
    args: [{ file: parsed, policy: DEFAULT_FILE_POLICY }],
    taskQueue: h.taskQueue,
    workflowId: `file:${parsed.code}`,
  });
  // Received once the appointment is set (its first workflow task reads the calendar): a query sent
  // sooner, on a loaded machine, would see the file before it.
  await eventually(async () => (await handle.query(fileStateQuery)).appointment, (a) => a !== null);
  return handle;
}

function vietnamTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const NOTICES = ['warning', 'apology_required', 'apology_overdue', 'late', 'late_again', 'escalation', 'apology', 'result_ready', 'returned', 'published', 'unpublished', 'documents_requested', 'documents_received', 'transferred', 'acknowledged'];

/** The timeline as "type[level] agency YYYY-MM-DD HH:MM" lines. */
function events(view: FileView, types = NOTICES): string[] {
  return view.timeline
    .filter((e) => types.includes(e.type))
    .map((e) => `${e.type}${e.level ? `[${e.level}]` : ''}${e.agency && view.file.agencies.length > 1 ? ` ${e.agency}` : ''} ${vietnamTime(e.at)}`);
}

/** The outbox as "kind[level-suffix of key] → recipients" lines, in key order of the file's actions. */
async function outbox(): Promise<Map<string, { kind: string; to: string[]; subject: string | null }>> {
  const entries = await listOutbox(h.db);
  return new Map(entries.map((e) => [e.key.replace(/^file:[^:]+:/, ''), { kind: e.kind, to: [...e.recipients].sort(), subject: e.subject }]));
}

async function rejection(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause?.message ?? '';
}

/** The file's record in the report store, once `ready` says it has caught up. */
async function recordOf(code: string, ready: (r: FileRecord) => boolean): Promise<FileRecord | null> {
  const store = new FileRecordStore(h.db);
  for (let i = 0; i < 100; i++) {
    const record = await store.get(code);
    if (record && ready(record)) return record;
    await new Promise((r) => setTimeout(r, 100));
  }
  return store.get(code);
}

/** Waits (real time; the server clock stands still) until the file's timeline has an event of this type. */
async function timelineHas(handle: WorkflowHandle<typeof oneStopFileWorkflow>, type: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await handle.query(fileStateQuery)).timeline.some((e) => e.type === type)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${type} event in the timeline of ${handle.workflowId}`);
}

function apology(overrides: Partial<SubmitApologyInput> = {}): SubmitApologyInput {
  return {
    actor: agency(TNMT),
    number: '12/PXL',
    date: '2037-03-06',
    signer: 'Lê Văn Bình',
    signerTitle: 'Trưởng phòng',
    reason: 'Cần xác minh thực địa ranh giới thửa đất với hộ liền kề',
    newAppointment: '2037-03-16',
    place: 'Tuy Phước',
    superiorBody: 'UBND huyện Tuy Phước',
    ...overrides,
  };
}

describe('a file on time', () => {
  it('warns two working days before, demands the apology one day before, and closes on time on the appointment day', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file());
      const first = await handle.query(fileStateQuery);
      expect(first.appointment).toEqual({ date: '2037-03-09', at: '2037-03-09T10:00:00.000Z' });
      expect(first.apologyBy).toBe('2037-03-06');
      await until('2037-03-09 14:00');
      await handle.executeUpdate(resultReadyUpdate, { args: [{ actor: agency(TNMT) }] });
      const view = await handle.executeUpdate(resultReturnedUpdate, { args: [{ actor: agency(DESK) }] });
      expect(view.outcome).toBe('on_time');
      const result = await handle.result();
      expect(result.status).toBe('returned');
      expect(events(result)).toEqual([
        'warning 2037-03-05 08:00',
        'apology_required 2037-03-06 08:00',
        'apology_overdue 2037-03-09 08:00',
        'result_ready 2037-03-09 14:00',
        'returned 2037-03-09 14:00',
      ]);
      const sent = await outbox();
      expect([...sent.values()].map((m) => [m.kind, m.to])).toEqual(
        expect.arrayContaining([
          ['reminder', MAIL.tnmtOfficer],
          ['apology_required', MAIL.tnmt],
          ['apology_overdue', MAIL.tnmt],
        ]),
      );
      expect(sent.size).toBe(3);
      expect(sent.get('file@2037-03-09:reminder:2')!.subject).toBe(
        '[Sắp đến ngày hẹn trả kết quả] Còn 2 ngày làm việc: H57.22-370302-0001 – Cấp giấy phép xây dựng nhà ở riêng lẻ',
      );
      const record = await new FileRecordStore(h.db).get('H57.22-370302-0001');
      expect(record).toMatchObject({ status: 'returned', outcome: 'on_time', resultOn: '2037-03-09', late: null, apology: null, firstAgency: TNMT });
      await recordHistory('onestop-on-time', handle);
    });
  });
});

describe('apologies', () => {
  it('an apology one day before moves the appointment; the result on the new date is late with apology; the apology is public for 30 days', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file());
      await until('2037-03-06 10:00');
      const view = await handle.executeUpdate(submitApologyUpdate, { args: [apology()] });
      expect(view.apology).toMatchObject({ number: '12/PXL', agency: TNMT, timely: true, newAppointment: { date: '2037-03-16', at: '2037-03-16T10:00:00.000Z' } });
      expect(view.appointment!.date).toBe('2037-03-16');
      expect(view.originalAppointment!.date).toBe('2037-03-09');
      await until('2037-03-06 10:01');
      const published = await new PublicationStore(h.db).list();
      expect(published).toEqual([
        expect.objectContaining({ code: 'H57.22-370302-0001', number: '12/PXL', agency: TNMT, applicant: 'N. V. An', originalAppointment: '2037-03-09', newAppointment: '2037-03-16' }),
      ]);
      expect(JSON.stringify(published)).not.toMatch(/an\.nguyen|0905123456|052090001234|Nguyễn Văn An/);

      await until('2037-03-16 09:00');
      await handle.executeUpdate(resultReturnedUpdate, { args: [{ actor: agency(DESK) }] });
      const returned = await handle.query(fileStateQuery);
      expect(returned.outcome).toBe('late_with_apology');
      expect(returned.status).toBe('returned');
      expect(events(returned)).toEqual([
        'warning 2037-03-05 08:00',
        'apology_required 2037-03-06 08:00',
        'apology 2037-03-06 10:00',
        'published 2037-03-06 10:00',
        'warning 2037-03-12 08:00',
        'result_ready 2037-03-16 09:00',
        'returned 2037-03-16 09:00',
      ]);
      // The file stays open for its publication and closes when the 30 days are over.
      await until('2037-04-05 09:59');
      expect(await new PublicationStore(h.db).list()).toHaveLength(1);
      const result = await handle.result();
      expect(events(result).at(-1)).toBe('unpublished 2037-04-05 10:00');
      expect(await new PublicationStore(h.db).list()).toEqual([]);

      const sent = await outbox();
      expect(sent.get('file@2037-03-16:reminder:2')).toMatchObject({ kind: 'reminder', to: MAIL.tnmtOfficer });
      expect([...sent.values()].filter((m) => m.kind === 'escalation' || m.kind === 'apology_overdue')).toEqual([]);
      const letter = letterText(apologyLetter(result));
      expect(letter).toContain('Số: 12/PXL');
      expect(letter).toContain('17 giờ 00 phút, ngày 09/03/2037');
      expect(letter).toContain('hẹn lại vào 17 giờ 00 phút, ngày 16/03/2037');
      const record = await new FileRecordStore(h.db).get('H57.22-370302-0001');
      expect(record).toMatchObject({ appointment: '2037-03-09', outcome: 'late_with_apology', late: null, apology: { agency: TNMT, timely: true, submittedOn: '2037-03-06', newAppointment: '2037-03-16' } });
      await recordHistory('onestop-apology', handle);
    });
  });

  it('no apology: apology overdue on the appointment day, then Văn phòng UBND at once and the chair, each repeated until acknowledged', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file());
      await until('2037-03-13 10:00');
      await handle.executeUpdate(acknowledgeFileUpdate, { args: [{ actor: monitor, level: 2, comment: 'Đã yêu cầu Phòng TN&MT giải trình' }] });
      await until('2037-03-21 12:00');
      const view = await handle.query(fileStateQuery);
      expect(view.status).toBe('overdue');
      expect(view.late).toEqual({ since: '2037-03-10', agency: TNMT });
      expect(view.escalationLevel).toBe(3);
      expect(events(view)).toEqual([
        'warning 2037-03-05 08:00',
        'apology_required 2037-03-06 08:00',
        'apology_overdue 2037-03-09 08:00',
        'late 2037-03-10 00:00',
        'escalation[2] 2037-03-10 08:00',
        'apology_overdue 2037-03-10 08:00',
        'escalation[2] 2037-03-12 08:00',
        'apology_overdue 2037-03-12 08:00',
        'escalation[3] 2037-03-13 08:00',
        'apology_overdue 2037-03-13 08:00',
        'acknowledged[2] 2037-03-13 10:00',
        'escalation[3] 2037-03-20 08:00',
        'apology_overdue 2037-03-20 08:00',
      ]);
      const sent = await outbox();
      expect(sent.get('file@2037-03-09:escalation:2:0')).toMatchObject({ kind: 'escalation', to: MAIL.monitor });
      expect(sent.get('file@2037-03-09:escalation:2:0')!.subject).toBe('[Báo cáo lên cấp 2] Hồ sơ trễ hẹn: H57.22-370302-0001 – Cấp giấy phép xây dựng nhà ở riêng lẻ');
      expect(sent.get('file@2037-03-09:escalation:3:0')).toMatchObject({ kind: 'escalation', to: [...MAIL.chair, ...MAIL.monitor].sort() });
      expect(sent.get('file@2037-03-09:escalation:3:1:apology')).toMatchObject({ kind: 'apology_overdue', to: MAIL.tnmt });
      expect(sent.get('file@2037-03-09:reminder:0')).toMatchObject({ kind: 'apology_overdue', to: MAIL.tnmt });
      expect(sent.size).toBe(11);

      // The apology still comes, late: accepted, recorded as late, and the file counts as late without apology.
      const late = await handle.executeUpdate(submitApologyUpdate, { args: [apology({ date: '2037-03-20', newAppointment: '2037-03-27' })] });
      expect(late.apology).toMatchObject({ timely: false });
      await until('2037-03-25 10:00');
      const closed = await handle.executeUpdate(resultReadyUpdate, { args: [{ actor: agency(TNMT) }] });
      expect(closed.outcome).toBe('late_without_apology');
      const record = await recordOf('H57.22-370302-0001', (r) => r.outcome !== null);
      expect(record).toMatchObject({ late: { since: '2037-03-10', agency: TNMT }, apology: { timely: false }, outcome: 'late_without_apology' });
      await recordHistory('onestop-no-apology', handle);
    });
  });

  it('late again after the one re-appointment: straight to the chair, and a second apology is refused', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file());
      await until('2037-03-05 09:00');
      await handle.executeUpdate(submitApologyUpdate, { args: [apology({ date: '2037-03-05', newAppointment: '2037-03-11' })] });
      await until('2037-03-12 09:00');
      const reason = await rejection(handle.executeUpdate(submitApologyUpdate, { args: [apology({ number: '13/PXL', date: '2037-03-12', newAppointment: '2037-03-20' })] }));
      expect(reason).toBe(
        'Hồ sơ đã được hẹn lại một lần (phiếu số 12/PXL ngày 05/03/2037, hẹn trả 11/03/2037); theo quy định, mỗi hồ sơ chỉ được hẹn lại một lần.',
      );
      await until('2037-03-20 09:00');
      const view = await handle.query(fileStateQuery);
      expect(view.lateAgain).toEqual({ since: '2037-03-12', agency: TNMT });
      expect(events(view)).toEqual([
        'warning 2037-03-05 08:00',
        'apology 2037-03-05 09:00',
        'published 2037-03-05 09:00',
        'warning 2037-03-09 08:00',
        'late_again 2037-03-12 00:00',
        'escalation[3] 2037-03-12 08:00',
        'escalation[3] 2037-03-19 08:00',
      ]);
      const sent = await outbox();
      expect(sent.get('file@2037-03-11:escalation:3:0')).toMatchObject({ kind: 'escalation', to: [...MAIL.chair, ...MAIL.monitor, MAIL.tnmt[0]!].sort() });
      expect([...sent.keys()].filter((k) => k.includes('escalation:2'))).toEqual([]);
      const done = await handle.executeUpdate(resultReadyUpdate, { args: [{ actor: agency(TNMT) }] });
      expect(done.outcome).toBe('late_with_apology');
      const record = await recordOf('H57.22-370302-0001', (r) => r.outcome !== null);
      expect(record).toMatchObject({ outcome: 'late_with_apology', lateAgain: { since: '2037-03-12', agency: TNMT }, resultOn: '2037-03-20' });
      await recordHistory('onestop-late-again', handle);
    });
  });

  it('refuses apologies the rule does not allow, each with its reason', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file());
      await until('2037-03-05 09:00');
      expect(await rejection(handle.executeUpdate(submitApologyUpdate, { args: [apology({ date: '2037-03-05', newAppointment: '2037-03-09' })] }))).toBe(
        'Ngày hẹn mới (09/03/2037) phải sau ngày hẹn ban đầu (09/03/2037).',
      );
      expect(await rejection(handle.executeUpdate(submitApologyUpdate, { args: [apology({ date: '2037-03-05', newAppointment: '2037-03-14' })] }))).toBe(
        'Ngày hẹn mới (14/03/2037) là ngày nghỉ (Thứ Bảy), không phải ngày làm việc.',
      );
      expect(await rejection(handle.executeUpdate(submitApologyUpdate, { args: [apology({ actor: agency(TAX), date: '2037-03-05' })] }))).toBe(
        `Chỉ cơ quan đang giải quyết hồ sơ (${TNMT}) mới gửi phiếu xin lỗi; ${TAX} không giữ hồ sơ.`,
      );
      expect(await rejection(handle.executeUpdate(submitApologyUpdate, { args: [apology({ date: '2037-03-07' })] }))).toBe('Ngày của phiếu (07/03/2037) chưa đến; hôm nay là 05/03/2037.');
      expect(await rejection(handle.executeUpdate(submitApologyUpdate, { args: [apology({ number: 'PXL 12', reason: 'chậm' })] }))).toBe(
        'number: số phiếu phải có dạng "số/PXL", ví dụ 12/PXL hoặc 12/PXL-TNMT; reason: cần nêu rõ lý do chậm trễ (ít nhất 10 ký tự)',
      );
      const view = await handle.query(fileStateQuery);
      expect(view.apology).toBeNull();
      expect(view.timeline.map((t) => t.type)).toEqual(['received', 'warning']);
    });
  });

  it('the result returned while the apology is pending closes the file early, and nothing more is sent', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file());
      await until('2037-03-06 15:00');
      await handle.executeUpdate(resultReturnedUpdate, { args: [{ actor: agency(DESK) }] });
      const result = await handle.result();
      expect(result.outcome).toBe('early');
      expect(events(result)).toEqual(['warning 2037-03-05 08:00', 'apology_required 2037-03-06 08:00', 'result_ready 2037-03-06 15:00', 'returned 2037-03-06 15:00']);
      await until('2037-03-20 12:00');
      expect((await outbox()).size).toBe(2);
    });
  });
});

describe('the clock', () => {
  it('a request for additional documents stops the clock; their arrival restarts it from zero', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file());
      await until('2037-03-04 10:00');
      const paused = await handle.executeUpdate(requestDocumentsUpdate, { args: [{ actor: agency(TNMT), reason: 'Bản vẽ thiết kế chưa có chữ ký của chủ đầu tư' }] });
      expect(paused.status).toBe('waiting_documents');
      await until('2037-03-10 16:30');
      expect((await handle.query(fileStateQuery)).status).toBe('waiting_documents');
      const resumed = await handle.executeUpdate(documentsReceivedUpdate, { args: [{ actor: agency(DESK) }] });
      expect(resumed.appointment!.date).toBe('2037-03-18');
      expect(resumed.clock).toMatchObject({ start: '2037-03-11', paused: false, restarts: 1 });
      expect(resumed.clock.explanation).toBe(
        'Nhận đủ hồ sơ bổ sung lúc 16:30 Thứ Ba, 10/03/2037, từ giờ chốt 15:00 trở đi: tính từ ngày làm việc tiếp theo (Thứ Tư, 11/03/2037), thời gian giải quyết tính lại từ đầu; 5 ngày làm việc, hẹn trả kết quả Thứ Tư, 18/03/2037.',
      );
      expect(resumed.apologyBy).toBe('2037-03-17');
      await until('2037-03-17 10:00');
      await handle.executeUpdate(resultReturnedUpdate, { args: [{ actor: agency(DESK) }] });
      const result = await handle.result();
      expect(result.outcome).toBe('early');
      expect(events(result)).toEqual([
        'documents_requested 2037-03-04 10:00',
        'documents_received 2037-03-10 16:30',
        'warning 2037-03-16 08:00',
        'apology_required 2037-03-17 08:00',
        'result_ready 2037-03-17 10:00',
        'returned 2037-03-17 10:00',
      ]);
      await recordHistory('onestop-additional-documents', handle);
    });
  });

  it('a file received at 16:00, after the 15:00 cut-off, counts from the next working day', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file({ receivedAt: '2037-03-06T16:00:00+07:00', procedure: { code: '2.000908', name: 'Chứng thực hợp đồng, giao dịch', workingDays: 3 } }));
      const view = await handle.query(fileStateQuery);
      expect(view.clock.start).toBe('2037-03-09');
      expect(view.appointment).toEqual({ date: '2037-03-12', at: '2037-03-12T10:00:00.000Z' });
      expect(view.clock.explanation).toBe(
        'Tiếp nhận lúc 16:00 Thứ Sáu, 06/03/2037, từ giờ chốt 15:00 trở đi: tính từ ngày làm việc tiếp theo (Thứ Hai, 09/03/2037); 3 ngày làm việc, hẹn trả kết quả Thứ Năm, 12/03/2037.',
      );
      await until('2037-03-11 12:00');
      expect(events(await handle.query(fileStateQuery))).toEqual(['warning 2037-03-10 08:00', 'apology_required 2037-03-11 08:00']);
    });
  });

  it('the Tết block inside the processing time: 5 working days from 11/02/2037 end on 25/02/2037, and a day of Tết is no new appointment', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file({ code: 'H57.22-370211-0007', receivedAt: '2037-02-11T10:00:00+07:00' }));
      const view = await handle.query(fileStateQuery);
      expect(view.appointment!.date).toBe('2037-02-25');
      expect(view.apologyBy).toBe('2037-02-24');

      const short = await receive(file({ code: 'H57.22-370211-0008', receivedAt: '2037-02-11T10:05:00+07:00', procedure: { code: '2.000908', name: 'Chứng thực bản sao', workingDays: 1 } }));
      expect((await short.query(fileStateQuery)).appointment!.date).toBe('2037-02-12');
      // The demand goes out once its message is recorded: the apology below answers it.
      await timelineHas(short, 'apology_required');
      expect(await rejection(short.executeUpdate(submitApologyUpdate, { args: [apology({ date: '2037-02-11', newAppointment: '2037-02-17' })] }))).toBe(
        'Ngày hẹn mới (17/02/2037) là ngày nghỉ (Tết Nguyên đán), không phải ngày làm việc.',
      );
      await short.executeUpdate(submitApologyUpdate, { args: [apology({ number: '3/PXL-TNMT', date: '2037-02-11', newAppointment: '2037-02-20' })] });

      await until('2037-02-26 12:00');
      expect(events(await handle.query(fileStateQuery))).toEqual([
        'warning 2037-02-23 08:00',
        'apology_required 2037-02-24 08:00',
        'apology_overdue 2037-02-25 08:00',
        'late 2037-02-26 00:00',
        'escalation[2] 2037-02-26 08:00',
        'apology_overdue 2037-02-26 08:00',
      ]);
      // The short file's new date (Friday 20/02, the first working day after Tết) passed too.
      // Received on the last day to apologise: the demand goes out at once, and so does the warning
      // for the new date (20/02 is two working days away: 12/02 and 20/02).
      expect(events(await short.query(fileStateQuery))).toEqual([
        'apology_required 2037-02-11 10:05',
        'apology 2037-02-11 10:05',
        'published 2037-02-11 10:05',
        'warning 2037-02-11 10:05',
        'late_again 2037-02-21 00:00',
        'escalation[3] 2037-02-23 08:00',
      ]);
    });
  });
});

describe('liên thông', () => {
  it('a file late at the second agency: that agency is warned and apologises, not the first', async () => {
    await h.withWorker(async () => {
      const handle = await receive(file({ code: 'H57.22-370302-0100', agencies: [LAND, TAX], procedure: { code: '1.004227', name: 'Đăng ký biến động quyền sử dụng đất', workingDays: 10 } }));
      expect((await handle.query(fileStateQuery)).appointment!.date).toBe('2037-03-16');
      await until('2037-03-10 09:00');
      expect(await rejection(handle.executeUpdate(transferUpdate, { args: [{ actor: agency(TAX) }] }))).toBe(
        `${TAX} không được thực hiện thao tác này: chỉ cơ quan đang giải quyết (${LAND}).`,
      );
      await handle.executeUpdate(transferUpdate, { args: [{ actor: agency(LAND), note: 'Chuyển thông tin địa chính để xác định nghĩa vụ tài chính' }] });
      await until('2037-03-13 09:00');
      expect(await rejection(handle.executeUpdate(submitApologyUpdate, { args: [apology({ actor: agency(LAND), date: '2037-03-13', newAppointment: '2037-03-20' })] }))).toBe(
        `Chỉ cơ quan đang giải quyết hồ sơ (${TAX}) mới gửi phiếu xin lỗi; ${LAND} không giữ hồ sơ.`,
      );
      const view = await handle.executeUpdate(submitApologyUpdate, {
        args: [apology({ actor: agency(TAX), number: '45/PXL-CCT', date: '2037-03-13', newAppointment: '2037-03-20', signer: 'Phạm Thị Thu', signerTitle: 'Chi cục trưởng', reason: 'Chờ kết quả xác định giá đất cụ thể' })],
      });
      expect(view.apology).toMatchObject({ agency: TAX, timely: true });
      expect(events(view)).toEqual([
        `transferred ${TAX} 2037-03-10 09:00`,
        `warning ${TAX} 2037-03-12 08:00`,
        `apology_required ${TAX} 2037-03-13 08:00`,
        `apology ${TAX} 2037-03-13 09:00`,
      ]);
      const sent = await outbox();
      expect(sent.get('file@2037-03-16:reminder:2')).toMatchObject({ kind: 'reminder', to: ['chi-cuc-thue-huyen@tuyphuoc.example'] });
      expect(sent.get('file@2037-03-16:reminder:1')).toMatchObject({ kind: 'apology_required', to: ['chi-cuc-thue-huyen.thutruong@tuyphuoc.example', 'chi-cuc-thue-huyen@tuyphuoc.example'] });
      expect([...sent.values()].flatMap((m) => m.to).filter((a) => a.startsWith('chi-nhanh'))).toEqual([]);
      const letter = letterText(apologyLetter(view));
      expect(letter).toContain('CHI CỤC THUẾ HUYỆN\nSố: 45/PXL-CCT');
      expect(letter).toContain('Chi cục Thuế huyện thành thật xin lỗi Ông/Bà Nguyễn Văn An');
      await recordHistory('onestop-lien-thong', handle);
    });
  });
});

describe('the monthly report', () => {
  it('is mailed to Văn phòng UBND at 08:00 on the first working day of the next month, with the month’s figures', async () => {
    await h.withWorker(async () => {
      const onTime = await receive(file({ code: 'H57.22-370302-0001' }));
      const late = await receive(file({ code: 'H57.22-370302-0002', receivedAt: '2037-03-02T10:00:00+07:00' }));
      const report = await h.env.client.workflow.start(oneStopMonthlyReportWorkflow, { args: ['2037-03'], taskQueue: h.taskQueue, workflowId: 'onestop-report:2037-03' });
      await until('2037-03-09 11:00');
      await onTime.executeUpdate(resultReturnedUpdate, { args: [{ actor: agency(DESK) }] });
      await until('2037-03-12 11:00');
      await late.executeUpdate(resultReturnedUpdate, { args: [{ actor: agency(DESK) }] });
      const result = await report.result();
      expect(result).toMatchObject({ month: '2037-03', sentTo: ['tuy-phuoc'], asOf: '2037-04-01' });
      expect(vietnamTime(result.sentAt)).toBe('2037-04-01 08:00');
      const sent = (await listOutbox(h.db)).find((m) => m.kind === 'monthly_report')!;
      expect(sent.key).toBe('onestop-report:tuy-phuoc:2037-03');
      expect(sent.recipients.sort()).toEqual(MAIL.monitor);
      const eml = (await readOutboxMessage(h.db, sent.key))!.eml!.toString('utf8');
      expect(await new FileRecordStore(h.db).get('H57.22-370302-0002')).toMatchObject({ outcome: 'late_without_apology' });
      const text = decodeQuotedPrintable(eml);
      expect(sent.subject).toBe('[Báo cáo tháng 03/2037] Tình hình giải quyết hồ sơ một cửa và thực hiện xin lỗi khi trễ hẹn');
      for (const line of [
        '- Hồ sơ tiếp nhận: 2',
        '- Đúng hạn: 1',
        '- Quá hạn: 1',
        '- Hồ sơ trễ hẹn: 1',
        '- Tỷ lệ xin lỗi (%): 0% (chỉ tiêu 100%)',
        '- Cơ quan có hồ sơ trễ hẹn không xin lỗi đúng quy định: Phòng Tài nguyên và Môi trường (1)',
      ]) {
        expect(text).toContain(line);
      }
    });
  });
});

/** The text part of an .eml (quoted-printable, UTF-8) as text. */
function decodeQuotedPrintable(eml: string): string {
  const text = eml.replace(/=\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}
