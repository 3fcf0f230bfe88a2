/** Files from a one-stop CSV export: the sample in plans/, and problems named by row and column. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseOneStopCsv, parseVietnamDateTime } from '../../domain/onestop/csv';
import { jurisdictionOfUnit, resolveFileAgencies } from '../../domain/onestop/directory';
import { DirectorySchema } from '../../domain/directory';

const directory = DirectorySchema.parse(JSON.parse(readFileSync(fileURLToPath(new URL('../../config/agencies.json', import.meta.url)), 'utf8')));
const sample = readFileSync(fileURLToPath(new URL('../../plans/ho-so-mau.csv', import.meta.url)), 'utf8');
const options = { jurisdictionOf: (unit: string) => jurisdictionOfUnit(directory, unit) };
const HEADER = 'Mã hồ sơ,Mã thủ tục,Tên thủ tục,Thời hạn giải quyết (ngày làm việc),Người nộp,Số định danh cá nhân,Nơi tiếp nhận,Cơ quan giải quyết,Thời điểm tiếp nhận,Ngày hẹn trả,Trực tuyến';

describe('the sample file plans/ho-so-mau.csv', () => {
  const { files, problems } = parseOneStopCsv(sample, options);

  it('reads every row without a problem', () => {
    expect(problems).toEqual([]);
    expect(files.map((f) => f.file.code)).toEqual(['H57.22-260209-0001', 'H57.22-260211-0002', 'H57.22-260213-0003', 'H57.22-260302-0004', 'H57.22-260303-0005']);
  });

  it('a liên thông file keeps its agencies in order, online, received after the cut-off', () => {
    expect(files[1]!.file).toEqual({
      code: 'H57.22-260211-0002',
      procedure: { code: '1.004227', name: 'Đăng ký biến động quyền sử dụng đất', workingDays: 10, cutoff: '15:00' },
      applicant: { name: 'Trần Thị Bích', phone: '0914 222 333', idNumber: '052185004321' },
      receivingUnit: 'Bộ phận Một cửa huyện',
      agencies: ['Chi nhánh Văn phòng Đăng ký đất đai', 'Chi cục Thuế huyện'],
      receivedAt: '2026-02-11T16:10:00+07:00',
      online: true,
      jurisdiction: 'tuy-phuoc',
    });
  });

  it('an appointment written by the desk, a cut-off of its own, and a jurisdiction taken from the receiving unit', () => {
    expect(files[3]!.file.appointment).toEqual({ date: '2026-03-05', time: '16:30' });
    expect(files[4]!.file.procedure.cutoff).toBe('16:00');
    expect(files[4]!.file.jurisdiction).toBe('tuy-phuoc');
  });

  it('every agency of the sample is in the directory', () => {
    for (const { file } of files) expect(resolveFileAgencies(file, directory).problems).toEqual([]);
  });
});

describe('problems', () => {
  it('names the row and the column of each bad cell, and keeps the good rows', () => {
    const csv = [
      HEADER,
      'H57-1,1.001,Chứng thực bản sao,1,Lê Văn C,052077009876,Bộ phận Một cửa huyện,Phòng Tư pháp,02/03/2037 09:00,,không',
      'H57-2,1.001,Chứng thực bản sao,một,Lê Văn D,12345,Bộ phận Một cửa huyện,Phòng Tư pháp,31/02/2037 09:00,,có lẽ',
      'H57-1,1.001,Chứng thực bản sao,1,Lê Văn E,,Bộ phận Một cửa huyện,Phòng Tư pháp,02/03/2037,01/03/2037,',
    ].join('\n');
    const { files, problems } = parseOneStopCsv(csv, options);
    expect(files.map((f) => f.row)).toEqual([2]);
    expect(problems).toEqual([
      { row: 3, column: 'Thời điểm tiếp nhận', message: '"31/02/2037 09:00" không phải thời điểm hợp lệ (dd/mm/yyyy HH:MM).' },
      { row: 3, column: 'Thời hạn giải quyết (ngày làm việc)', message: '"một" không phải số ngày làm việc.' },
      { row: 3, column: 'Trực tuyến', message: '"có lẽ" phải là "có" hoặc "không".' },
      { row: 4, column: 'Thời điểm tiếp nhận', message: 'Cần ghi cả giờ tiếp nhận (dd/mm/yyyy HH:MM): giờ quyết định ngày bắt đầu tính thời hạn.' },
      { row: 4, column: 'Mã hồ sơ', message: 'Mã hồ sơ H57-1 đã có ở dòng 2.' },
    ]);
  });

  it('reports schema problems of a row against their column', () => {
    const csv = [HEADER, 'H57-9,1.001,Chứng thực bản sao,1,Lê Văn C,12345,Bộ phận Một cửa huyện,Phòng Tư pháp,02/03/2037 09:00,01/03/2037,không'].join('\n');
    expect(parseOneStopCsv(csv, options).problems).toEqual([
      { row: 2, column: 'Số định danh cá nhân', message: 'số định danh cá nhân phải có 12 chữ số (hoặc số CMND 9 chữ số)' },
      { row: 2, column: 'Ngày hẹn trả', message: 'ngày hẹn trả kết quả trước ngày tiếp nhận hồ sơ' },
    ]);
  });

  it('a missing column stops the file at row 1', () => {
    expect(parseOneStopCsv('Mã hồ sơ,Tên thủ tục\nX,Y', options).problems.map((p) => p.message)).toEqual([
      'Thiếu cột "Mã thủ tục".',
      'Thiếu cột "Thời hạn giải quyết (ngày làm việc)".',
      'Thiếu cột "Người nộp".',
      'Thiếu cột "Nơi tiếp nhận".',
      'Thiếu cột "Cơ quan giải quyết".',
      'Thiếu cột "Thời điểm tiếp nhận".',
    ]);
  });

  it('an agency not in the directory is named with its place in the order', () => {
    const csv = [HEADER, 'H57-7,1.001,Chứng thực bản sao,1,Lê Văn C,,Bộ phận Một cửa huyện,Phòng Tư pháp; Phòng Không Tồn Tại,02/03/2037 09:00,,không'].join('\n');
    const [row] = parseOneStopCsv(csv, options).files;
    expect(resolveFileAgencies(row!.file, directory).problems).toEqual([
      'agencies.1: "Phòng Không Tồn Tại" không có trong danh bạ cơ quan (thêm cơ quan hoặc tên gọi khác vào danh bạ).',
    ]);
  });
});

describe('parseVietnamDateTime', () => {
  it('reads dd/mm/yyyy with or without an hour, and ISO', () => {
    expect(parseVietnamDateTime('2/3/2037 9:05')).toEqual({ date: '2037-03-02', time: '09:05' });
    expect(parseVietnamDateTime('02/03/2037')).toEqual({ date: '2037-03-02', time: null });
    expect(parseVietnamDateTime('2037-03-02 16:00')).toEqual({ date: '2037-03-02', time: '16:00' });
    expect(parseVietnamDateTime('2037-03-02T16:00:00+07:00')).toEqual({ iso: '2037-03-02T16:00:00+07:00' });
    expect(parseVietnamDateTime('02/03/2037 25:00')).toBeNull();
    expect(parseVietnamDateTime('hôm qua')).toBeNull();
  });
});
