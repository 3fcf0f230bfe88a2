/** The reading rules behind the importer: cell items, page-break joins, budgets, headers, both text layouts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DirectorySchema } from '../../domain/directory';
import { importPlanText } from '../../domain/import';
import { readAmount, readBudget } from '../../domain/import/budget';
import { budgetUnit, recognizeHeader } from '../../domain/import/headers';
import { cellItems, htmlParagraphs, joinFragments } from '../../domain/import/items';
import { splitLeadCell } from '../../domain/import/lead';

const directory = DirectorySchema.parse(JSON.parse(readFileSync('config/agencies.json', 'utf8')));
const DASHED = ['Phòng Tài chính - Kế hoạch', 'Trung tâm Văn hóa - Thông tin - Thể thao'];

describe('page-break joins', () => {
  const join = (a: string[], b: string[]) => {
    const repeats: string[] = [];
    return { text: joinFragments(a, b, (w) => repeats.push(w)), repeats };
  };

  it('joins syllables and numbers with one space', () => {
    expect(join(['- đạt 100% Kế'], ['hoạch đề ra.']).text).toEqual(['- đạt 100% Kế hoạch đề ra.']);
    expect(join(['- Hoàn thành trước tháng'], ['11/2024 - Sau khi tổ chức đối thoại']).text).toEqual(['- Hoàn thành trước tháng 11/2024 - Sau khi tổ chức đối thoại']);
    expect(join(['Phòng Tài chính'], ['- Kế hoạch, Ban Quản lý'], ).text).toEqual(['Phòng Tài chính - Kế hoạch, Ban Quản lý']);
    expect(join(['- a', '- b'], ['c', '- d']).text).toEqual(['- a', '- b c', '- d']);
    expect(join(['Văn bản số 12'], [', ngày 3/4']).text).toEqual(['Văn bản số 12, ngày 3/4']);
  });

  it('drops a word the export repeated at the top of the next page, and says so', () => {
    expect(join(['UBND các xã, thị trấn'], ['trấn', '- Phòng Nội vụ'])).toEqual({ text: ['UBND các xã, thị trấn', '- Phòng Nội vụ'], repeats: ['trấn'] });
    expect(join(['- và báo'], ['áo cáo kết quả'])).toEqual({ text: ['- và báo cáo kết quả'], repeats: ['áo'] });
    expect(join(['- Theo quy'], ['định của tỉnh'])).toEqual({ text: ['- Theo quy định của tỉnh'], repeats: [] });
  });
});

describe('cell items', () => {
  it('splits "- " items, <p> paragraphs and numbered items', () => {
    expect(cellItems(htmlParagraphs('<p>- Thường xuyên</p> <p>- Hàng tháng</p>'), DASHED)).toEqual(['Thường xuyên', 'Hàng tháng']);
    expect(cellItems(['- Quý II/2024 - Theo yêu cầu của Đoàn kiểm tra'], DASHED)).toEqual(['Quý II/2024', 'Theo yêu cầu của Đoàn kiểm tra']);
    expect(cellItems(['1. Duy trì chuyên mục. 2. Viết tin, bài (ít nhất 01 tin/năm). 3. Thiết kế pano'], DASHED)).toEqual([
      'Duy trì chuyên mục.',
      'Viết tin, bài (ít nhất 01 tin/năm).',
      'Thiết kế pano',
    ]);
    expect(cellItems(['- Xây dựng sơ đồ của huyện - 100% xã xây sơ đồ'], DASHED)).toEqual(['Xây dựng sơ đồ của huyện', '100% xã xây sơ đồ']);
  });

  it('does not split inside words joined by a dash or inside dashed directory names', () => {
    expect(cellItems(['100% chỉ tiêu phát triển kinh tế - xã hội năm 2024'], DASHED)).toEqual(['100% chỉ tiêu phát triển kinh tế - xã hội năm 2024']);
    expect(cellItems(['- Trung tâm Văn hóa - Thông tin - Thể thao - Các phòng, ban chuyên môn huyện'], DASHED)).toEqual([
      'Trung tâm Văn hóa - Thông tin - Thể thao',
      'Các phòng, ban chuyên môn huyện',
    ]);
    expect(cellItems(['- Phòng Văn hoá – Thông tin - UBND các xã, thị trấn'], DASHED)).toEqual(['Phòng Văn hoá – Thông tin', 'UBND các xã, thị trấn']);
    expect(cellItems(['Theo Nghị định 33. Tăng cường 2. lần'], DASHED)).toEqual(['Theo Nghị định 33. Tăng cường 2. lần']);
  });

  it('continues the previous item with a paragraph that has no marker, unless no paragraph has one', () => {
    expect(cellItems(['- Phòng Nội vụ phối', 'hợp với các cơ quan.', '- Phòng Nội vụ'], DASHED)).toEqual(['Phòng Nội vụ phối hợp với các cơ quan.', 'Phòng Nội vụ']);
    expect(cellItems(['Phòng Tư pháp', 'UBND các xã, thị trấn'], DASHED)).toEqual(['Phòng Tư pháp', 'UBND các xã, thị trấn']);
    expect(htmlParagraphs('<p>Báo cáo (<i>nêu rõ</i>) &amp; gửi&nbsp;tỉnh</p>')).toEqual(['Báo cáo (nêu rõ) & gửi tỉnh']);
  });
});

describe('budget, headers, lead cells', () => {
  it('reads amounts with either separator; a lone separator before three digits is thousands, flagged', () => {
    expect(readAmount('4,455')).toEqual({ value: 4455, ambiguous: true });
    expect(readAmount('4.455')).toEqual({ value: 4455, ambiguous: true });
    expect(readAmount('4,5')).toEqual({ value: 4.5, ambiguous: false });
    expect(readAmount('1.234,5')).toEqual({ value: 1234.5, ambiguous: false });
    expect(readAmount('1,234.5')).toEqual({ value: 1234.5, ambiguous: false });
    expect(readAmount('1.000.000')).toEqual({ value: 1000000, ambiguous: false });
    expect(readAmount('120')).toEqual({ value: 120, ambiguous: false });
    expect(readAmount('1,2,3')).toBeNull();
    expect(readAmount('Theo dự toán')).toBeNull();
    expect(readBudget('Theo dự toán ngân sách hàng năm', 1)).toEqual({ budget: { text: 'Theo dự toán ngân sách hàng năm' }, ambiguous: false });
    expect(readBudget(2_500_000, 0.000001)).toEqual({ budget: { millionVnd: 2.5 }, ambiguous: false });
    expect(readBudget('  ', 1)).toEqual({ budget: null, ambiguous: false });
  });

  it('recognises headers by name, with or without diacritics and numbering', () => {
    const cases: [string, string | null][] = [
      ['STT', 'stt'],
      ['1-Mục tiêu', 'objective'],
      ['Nội dung khắc phục/duy trì thực hiện', 'objective'],
      ['Nhiệm vụ, giải pháp thực hiện', 'task'],
      ['3-Hoạt động', 'activity'],
      ['4-Kết quả/ Sản phẩm', 'product'],
      ['Cơ quan thực hiện', 'lead'],
      ['CO QUAN CHU TRI', 'lead'],
      ['6-Phối hợp', 'coordinating'],
      ['Thời gian hoàn thành', 'deadline'],
      ['thoi gian thuc hien', 'deadline'],
      ['8-Kinh phí (Triệu đồng)', 'budget'],
      ['Ghi chú', 'notes'],
      ['Lĩnh vực', 'area'],
      ['Mã', 'ref'],
      ['Người ký', null],
    ];
    for (const [header, role] of cases) expect(recognizeHeader(header), header).toBe(role);
    expect([budgetUnit('Kinh phí (Triệu đồng)'), budgetUnit('Kinh phí (đồng)'), budgetUnit('Kinh phí (tỷ đồng)'), budgetUnit('Kinh phí')]).toEqual([1, 0.000001, 1000, 1]);
  });

  it('separates the lead from "phối hợp với …" in an agency cell', () => {
    expect(splitLeadCell('Văn phòng HĐND và UBND chủ trì phối hợp với Phòng Nội vụ và các phòng có liên quan')).toEqual({
      lead: 'Văn phòng HĐND và UBND',
      coordinating: 'Phòng Nội vụ và các phòng có liên quan',
    });
    expect(splitLeadCell('Phòng Nội vụ phối hợp với UBND các xã, thị trấn')).toEqual({ lead: 'Phòng Nội vụ', coordinating: 'UBND các xã, thị trấn' });
    expect(splitLeadCell('Sở Nội vụ chủ trì, phối hợp các sở')).toEqual({ lead: 'Sở Nội vụ', coordinating: 'các sở' });
    expect(splitLeadCell('Sở Nội vụ chủ trì')).toEqual({ lead: 'Sở Nội vụ', coordinating: '' });
    expect(splitLeadCell('Sở Tư pháp')).toEqual({ lead: 'Sở Tư pháp', coordinating: '' });
  });
});

const PIPE_HEADER = ['STT |', '1-Mục tiêu |', '2-Nhiệm vụ |', '3-Hoạt động |', '4-Kết quả |', '5-Chủ trì |', '6-Phối hợp |', '7-Thời gian |', '8-Kinh phí (Triệu đồng) |'];
const pipeDoc = (rows: string[]) =>
  [
    'Số: 7/KH-UBND |',
    'Thừa Thiên Huế, ngày 02 tháng 01 năm 2025 |',
    'KẾ HOẠCH',
    'Kiểm tra công tác cải cách hành chính năm 2025',
    'II. NHIỆM VỤ',
    '1. Cải cách thể chế',
    '2. Cải cách thủ tục hành chính',
    'III. TỔ CHỨC THỰC HIỆN',
    ...PIPE_HEADER,
    ...rows,
    'Hết bảng',
  ].join('\n');

describe('one-cell-per-line layout', () => {
  it('cuts rows by slots, inherits merged cells and starts an area when STT restarts', () => {
    const text = pipeDoc([
      '1 |', 'MT một |', 'NV một |', 'HĐ một |', 'KQ |', 'Sở Tư pháp |', 'Sở Nội vụ |', 'Năm 2025 |', '10 |',
      'HĐ hai |', 'KQ |', 'Sở Tư pháp |', '|', 'Quý II |', '|', '|||',
      '1 |', 'MT ba |', 'NV ba |', 'HĐ ba |', 'KQ |', 'Văn phòng UBND tỉnh |', 'Sở Tư pháp |', 'Tháng 3/2025 |', '|',
    ]);
    const result = importPlanText(text, { directory, file: 'p.txt' });
    expect(result.problems).toEqual([]);
    expect(result.plan).toMatchObject({ id: '7-kh-ubnd-2025', title: 'Kế hoạch kiểm tra công tác cải cách hành chính năm 2025', year: 2025, jurisdiction: 'thua-thien-hue' });
    expect(result.tasks.map((t) => [t.ref, t.source.row, t.area, t.objective, t.task, t.activity, t.coordinating, t.deadlineText, t.budget])).toEqual([
      ['1.1.1', 10 + 8, 'Cải cách thể chế', 'MT một', 'NV một', 'HĐ một', ['Sở Nội vụ'], 'Năm 2025', { millionVnd: 10 }],
      ['1.1.2', 10 + 17, 'Cải cách thể chế', 'MT một', 'NV một', 'HĐ hai', [], 'Quý II', null],
      ['2.1.1', 10 + 24, 'Cải cách thủ tục hành chính', 'MT ba', 'NV ba', 'HĐ ba', ['Sở Tư pháp'], 'Tháng 3/2025', null],
    ]);
  });

  it('reports a row whose cells do not add up and keeps the others', () => {
    const text = pipeDoc([
      '1 |', 'MT |', 'NV |', 'HĐ |', 'KQ |', 'Sở Tư pháp |', 'Sở Nội vụ |', 'Năm 2025 |', '|',
      'HĐ lạc |', 'Sở Tư pháp |', 'Năm 2025 |', '|', '|||||',
      'HĐ ba |', 'KQ |', 'Sở Tư pháp |', 'Sở Nội vụ |', 'Quý IV |', '|', '|||',
    ]);
    const result = importPlanText(text, { directory, file: 'p.txt' });
    expect(result.problems.map((p) => [p.row, p.severity])).toEqual([[27, 'error']]);
    expect(result.problems[0]!.message).toContain('Không khớp được các ô của dòng');
    expect(result.tasks.map((t) => [t.ref, t.activity])).toEqual([
      ['1.1.1', 'HĐ'],
      ['1.1.2', 'HĐ ba'],
    ]);
  });
});

describe('tab layout', () => {
  const doc = (rows: string[]) =>
    ['Số: /KH-UBND', 'Tuy Phước, ngày   tháng   năm 2024', 'KẾ HOẠCH', 'Thử nghiệm năm 2024', '', 'STT\tNội dung\tNhiệm vụ, giải pháp\tCơ quan thực hiện\tThời gian thực hiện\tGhi chú', ...rows, '', 'III. TỔ CHỨC'].join('\n');

  it('gives one agency or time to every item; reports item counts that do not pair', () => {
    const result = importPlanText(
      doc([
        'I\tCẢI CÁCH THỂ CHẾ\t\t\t\t',
        '\tNội dung cần khắc phục\t\t\t\t',
        '1\tNội dung A\t- Việc 1 - Việc 2\tPhòng Tư pháp\tThường xuyên\t',
        '2\tNội dung B\t<p>- Việc 3</p><p>- Việc 4</p><p>- Việc 5</p>\t<p>- Phòng Nội vụ</p><p>- Phòng Tư pháp</p>\t<p>- Quý II/2024</p><p>- Quý III/2024</p><p>- Quý IV/2024</p>\tghi chú',
      ]),
      { directory, file: 't.txt' },
    );
    expect(result.problems).toEqual([
      {
        file: 't.txt',
        row: 10,
        column: 'Cơ quan thực hiện',
        message: 'Số mục không khớp: 3 nhiệm vụ nhưng cột "Cơ quan thực hiện" có 2 mục; đã ghép theo thứ tự, nhiệm vụ thừa nhận mục cuối cùng.',
        severity: 'error',
      },
    ]);
    expect(result.tasks.map((t) => [t.ref, t.task, t.lead, t.deadlineText, t.notes])).toEqual([
      ['1.khac-phuc.1.1', 'Việc 1', ['Phòng Tư pháp'], 'Thường xuyên', null],
      ['1.khac-phuc.1.2', 'Việc 2', ['Phòng Tư pháp'], 'Thường xuyên', null],
      ['1.khac-phuc.2.1', 'Việc 3', ['Phòng Nội vụ'], 'Quý II/2024', 'ghi chú'],
      ['1.khac-phuc.2.2', 'Việc 4', ['Phòng Tư pháp'], 'Quý III/2024', 'ghi chú'],
      ['1.khac-phuc.2.3', 'Việc 5', ['Phòng Tư pháp'], 'Quý IV/2024', 'ghi chú'],
    ]);
    expect(result.plan).toMatchObject({ id: 'kh-thu-nghiem-tuy-phuoc-2024', year: 2024, jurisdiction: 'tuy-phuoc', number: null, issuedOn: null });
  });

  it('refuses a table without a Thời gian column, saying so', () => {
    const text = ['KẾ HOẠCH', 'Thử năm 2024', '', 'STT\tNội dung\tCơ quan thực hiện\tGhi chú', '1\tViệc\tPhòng Tư pháp\t'].join('\n');
    expect(() => importPlanText(text, { directory, file: 't.txt', jurisdiction: 'tuy-phuoc' })).toThrow('t.txt:4: Bảng thiếu cột "Thời gian".');
  });

  it('reports a continuation row with nothing above it', () => {
    const result = importPlanText(doc(['\tcòn lại\t\t\t\t', '1\tNội dung\tViệc\tPhòng Tư pháp\tNăm 2024\t']), { directory, file: 't.txt' });
    expect(result.problems.map((p) => [p.row, p.column, p.severity])).toEqual([[7, 'STT', 'error']]);
    expect(result.tasks.map((t) => t.ref)).toEqual(['0.1.1']);
  });
});
