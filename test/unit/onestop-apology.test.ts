/** The apology checks: what the rule refuses, and why, in the words a clerk reads. */
import { describe, expect, it } from 'vitest';
import { ApologySchema, apologyProblems, assertApology, ApologyError, type ApologyContext } from '../../domain/onestop/apology';

const base = ApologySchema.parse({
  number: '12/PXL',
  date: '2037-03-06',
  signer: 'Lê Văn Bình',
  reason: 'Cần xác minh thực địa ranh giới thửa đất',
  newAppointment: '2037-03-16',
});

const ctx = (overrides: Partial<ApologyContext> = {}): ApologyContext => ({
  actor: { role: 'agency', agency: 'Phòng Tài nguyên và Môi trường' },
  today: '2037-03-06',
  holder: 'Phòng Tài nguyên và Môi trường',
  receivedOn: '2037-03-02',
  appointment: '2037-03-09',
  state: 'open',
  existing: null,
  newDay: { working: true, name: null },
  ...overrides,
});

describe('apologyProblems', () => {
  it('accepts an apology from the holder with a later working day', () => {
    expect(apologyProblems(base, ctx())).toEqual([]);
    expect(() => assertApology(base, ctx())).not.toThrow();
  });

  it('accepts the holder under another spelling (case, spaces, NFD) and admin or monitor acting for it', () => {
    expect(apologyProblems(base, ctx({ actor: { role: 'agency', agency: '  phòng tài nguyên  và môi trường'.normalize('NFD') } }))).toEqual([]);
    expect(apologyProblems(base, ctx({ actor: { role: 'monitor' } }))).toEqual([]);
    expect(apologyProblems({ ...base, agency: 'Phòng Tài nguyên và Môi trường' }, ctx({ actor: { role: 'admin' } }))).toEqual([]);
  });

  it('refuses another agency, and an admin naming an agency that does not hold the file', () => {
    expect(apologyProblems(base, ctx({ actor: { role: 'agency', agency: 'Phòng Tư pháp' } }))).toEqual([
      'Chỉ cơ quan đang giải quyết hồ sơ (Phòng Tài nguyên và Môi trường) mới gửi phiếu xin lỗi; Phòng Tư pháp không giữ hồ sơ.',
    ]);
    expect(apologyProblems({ ...base, agency: 'Phòng Tư pháp' }, ctx({ actor: { role: 'admin' } }))).toEqual([
      'Hồ sơ đang ở Phòng Tài nguyên và Môi trường, không ở Phòng Tư pháp: phiếu xin lỗi phải do cơ quan đang giải quyết hồ sơ ban hành.',
    ]);
  });

  it('refuses a second re-appointment', () => {
    expect(apologyProblems(base, ctx({ existing: { number: '7/PXL', date: '2037-03-05', newAppointment: '2037-03-12' } }))).toEqual([
      'Hồ sơ đã được hẹn lại một lần (phiếu số 7/PXL ngày 05/03/2037, hẹn trả 12/03/2037); theo quy định, mỗi hồ sơ chỉ được hẹn lại một lần.',
    ]);
  });

  it('refuses an apology for a file with a result, returned, withdrawn, paused or still being set up', () => {
    expect(apologyProblems(base, ctx({ state: 'result_ready' }))).toEqual(['Hồ sơ đã có kết quả: không cần phiếu xin lỗi.']);
    expect(apologyProblems(base, ctx({ state: 'returned' }))).toEqual(['Hồ sơ đã trả kết quả: không cần phiếu xin lỗi.']);
    expect(apologyProblems(base, ctx({ state: 'withdrawn' }))).toEqual(['Hồ sơ đã được rút: không cần phiếu xin lỗi.']);
    expect(apologyProblems(base, ctx({ state: 'waiting_documents' }))).toEqual(['Hồ sơ đang chờ bổ sung (đã dừng tính thời gian): chưa thể hẹn lại ngày trả kết quả.']);
    expect(apologyProblems(base, ctx({ appointment: null }))).toEqual(['Hồ sơ đang được khởi tạo (chưa tính xong ngày hẹn); thử lại sau giây lát.']);
  });

  it('lists every problem of the dates at once', () => {
    const bad = { ...base, date: '2037-03-07', newAppointment: '2037-03-09' };
    expect(apologyProblems(bad, ctx())).toEqual(['Ngày hẹn mới (09/03/2037) phải sau ngày hẹn ban đầu (09/03/2037).', 'Ngày của phiếu (07/03/2037) chưa đến; hôm nay là 06/03/2037.']);
    expect(apologyProblems({ ...base, date: '2037-03-01' }, ctx())).toEqual(['Ngày của phiếu (01/03/2037) trước ngày tiếp nhận hồ sơ (02/03/2037).']);
  });

  it('a late apology needs a new date not already past', () => {
    expect(apologyProblems({ ...base, date: '2037-03-20', newAppointment: '2037-03-16' }, ctx({ today: '2037-03-20' }))).toEqual([
      'Ngày hẹn mới (16/03/2037) đã qua; hôm nay là 20/03/2037.',
    ]);
  });

  it('names the day off: a weekend or the holiday', () => {
    expect(apologyProblems({ ...base, newAppointment: '2037-03-14' }, ctx({ newDay: { working: false, name: null } }))).toEqual([
      'Ngày hẹn mới (14/03/2037) là ngày nghỉ (Thứ Bảy), không phải ngày làm việc.',
    ]);
    expect(apologyProblems({ ...base, newAppointment: '2037-03-15' }, ctx({ newDay: { working: false, name: null } }))).toEqual([
      'Ngày hẹn mới (15/03/2037) là ngày nghỉ (Chủ nhật), không phải ngày làm việc.',
    ]);
    expect(apologyProblems({ ...base, newAppointment: '2037-04-24' }, ctx({ newDay: { working: false, name: 'Giỗ Tổ Hùng Vương' } }))).toEqual([
      'Ngày hẹn mới (24/04/2037) là ngày nghỉ (Giỗ Tổ Hùng Vương), không phải ngày làm việc.',
    ]);
  });

  it('assertApology throws an ApologyError carrying the problems', () => {
    const error = (() => {
      try {
        assertApology(base, ctx({ state: 'returned' }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApologyError);
    expect((error as ApologyError).problems).toEqual(['Hồ sơ đã trả kết quả: không cần phiếu xin lỗi.']);
  });
});

describe('ApologySchema', () => {
  const issues = (input: Record<string, unknown>) => ApologySchema.safeParse({ ...base, ...input }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('takes numbers like 12/PXL, 12 / PXL and 12/PXL-TNMT, and refuses others', () => {
    expect(issues({ number: '12 / PXL' })).toEqual([]);
    expect(issues({ number: '45/PXL-CCT' })).toEqual([]);
    expect(issues({ number: '3/pxl-UBND.TP' })).toEqual([]);
    expect(issues({ number: 'PXL/12' })).toEqual(['number: số phiếu phải có dạng "số/PXL", ví dụ 12/PXL hoặc 12/PXL-TNMT']);
    expect(issues({ number: '12/QĐ' })).toEqual(['number: số phiếu phải có dạng "số/PXL", ví dụ 12/PXL hoặc 12/PXL-TNMT']);
  });

  it('needs a signer, a real reason and real dates', () => {
    expect(issues({ signer: ' ', reason: 'trễ', newAppointment: '2037-02-30', date: '06/03/2037' })).toEqual([
      'date: ngày phải có dạng YYYY-MM-DD',
      'date: ngày không tồn tại',
      'signer: cần họ tên người ký phiếu',
      'reason: cần nêu rõ lý do chậm trễ (ít nhất 10 ký tự)',
      'newAppointment: ngày không tồn tại',
    ]);
  });
});
