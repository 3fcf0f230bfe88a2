/**
 * Seed 002: Kế hoạch khắc phục tồn tại, hạn chế … Chỉ số CCHC huyện Tuy Phước năm 2024 (tab-separated
 * pages). Expected values are written from the document (line numbers of plans/tuy-phuoc-cchc-2024.txt).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DirectorySchema } from '../../domain/directory';
import { importPlanFile, importPlanText, type ImportResult } from '../../domain/import';
import { TaskSchema, type Task } from '../../domain/plan';

const FILE = 'plans/tuy-phuoc-cchc-2024.txt';
const directory = DirectorySchema.parse(JSON.parse(readFileSync('config/agencies.json', 'utf8')));

let result: ImportResult;
const task = (ref: string): Task => {
  const t = result.tasks.find((x) => x.ref === ref);
  if (!t) throw new Error(`no task ${ref}`);
  return t;
};

beforeAll(async () => {
  result = await importPlanFile(FILE, { directory });
});

describe('seed 002 plan', () => {
  it('has a blank number and date: year from the title, id from the title', () => {
    expect(result.plan).toEqual({
      id: 'kh-cchc-khac-phuc-tuy-phuoc-2024',
      number: null,
      issuer: 'Ủy ban nhân dân huyện Tuy Phước',
      jurisdiction: 'tuy-phuoc',
      issuedOn: null,
      title: 'Kế hoạch khắc phục tồn tại, hạn chế và nhiệm vụ, giải pháp nâng cao Chỉ số cải cách hành chính huyện Tuy Phước năm 2024',
      year: 2024,
      source: 'tuy-phuoc-cchc-2024.txt',
    });
  });

  it('takes the number, year and id from the options when given', async () => {
    const given = await importPlanFile(FILE, { directory, number: '45/KH-UBND', issuedOn: '12/04/2024', id: 'tuy-phuoc-cchc-2024' });
    expect(given.plan).toMatchObject({ id: 'tuy-phuoc-cchc-2024', number: '45/KH-UBND', issuedOn: '2024-04-12', year: 2024 });
    expect(given.tasks.every((t) => t.planId === 'tuy-phuoc-cchc-2024')).toBe(true);
  });
});

describe('seed 002 rows and items', () => {
  it('accounts for every item: 88 tasks in the 9 sections', () => {
    const perArea = new Map<string, number>();
    for (const t of result.tasks) perArea.set(t.area!, (perArea.get(t.area!) ?? 0) + 1);
    expect([...perArea]).toEqual([
      ['Công tác chỉ đạo điều hành', 15],
      ['Cải cách thể chế', 5],
      ['Cải cách thủ tục hành chính', 12],
      ['Cải cách tổ chức bộ máy', 7],
      ['Cải cách chế độ công vụ', 13],
      ['Đổi mới cơ chế tài chính', 8],
      ['Xây dựng và phát triển chính quyền điện tử', 23],
      ['Các chỉ tiêu phát triển kinh tế xã hội', 3],
      ['Đánh giá tác động của cải cách hành chính đến người dân, tổ chức', 2],
    ]);
    const perGroup = (area: string) => result.tasks.filter((t) => t.area === area).map((t) => t.ref.split('.')[1]);
    expect(perGroup('Công tác chỉ đạo điều hành').filter((g) => g === 'khac-phuc')).toHaveLength(2);
    expect(perGroup('Công tác chỉ đạo điều hành').filter((g) => g === 'duy-tri')).toHaveLength(13);
    expect(perGroup('Xây dựng và phát triển chính quyền điện tử').filter((g) => g === 'khac-phuc')).toHaveLength(15);
    expect(new Set(result.tasks.map((t) => t.ref)).size).toBe(88);
    for (const t of result.tasks) expect(TaskSchema.safeParse(t).success).toBe(true);
  });

  it('reports the one unreadable agency as an error naming row and column', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([
      {
        file: 'tuy-phuoc-cchc-2024.txt',
        row: 166,
        column: 'Cơ quan thực hiện',
        message: 'Không nhận ra cơ quan chủ trì: "đơn vị sự ngành thuộc huyện". Hãy thêm vào danh bạ cơ quan của huyện Tuy Phước hoặc sửa tên trong tệp. Có phải là "Các đơn vị sự nghiệp thuộc huyện"?',
        severity: 'error',
      },
    ]);
    expect(new Set(result.problems.map((p) => JSON.stringify(p))).size).toBe(result.problems.length);
    const repeats = result.problems.filter((p) => p.message.includes('lặp lại ở chỗ ngắt trang'));
    expect(repeats.map((p) => [p.row, p.column, p.message.match(/"(.*?)"/)![1]])).toEqual([
      [42, 'Cơ quan thực hiện', 'trấn'],
      [113, 'Nhiệm vụ, giải pháp thực hiện', 'áo'],
    ]);
  });

  it('1.khac-phuc.1 (line 32): two <p> items paired with two agencies and two times', () => {
    expect(task('1.khac-phuc.1.1')).toMatchObject({
      source: { file: 'tuy-phuoc-cchc-2024.txt', row: 32 },
      area: 'Công tác chỉ đạo điều hành',
      group: 'Nội dung cần khắc phục',
      objective: 'Thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao',
      task: 'Rà soát, tham mưu UBND huyện hoàn thành đối với 100% nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao đảm bảo đúng thời gian quy định.',
      activity: null,
      leadText: 'Các phòng, ban chuyên môn huyện; UBND các xã, thị trấn có liên quan',
      lead: ['Các phòng, ban chuyên môn huyện', 'UBND các xã, thị trấn'],
      coordinating: [],
      deadlineText: 'Theo tiến độ tỉnh giao',
    });
    expect(task('1.khac-phuc.1.2')).toMatchObject({ lead: ['Văn phòng HĐND và UBND huyện'], deadlineText: 'Thường xuyên' });
    expect(task('1.khac-phuc.1.2').task).toMatch(/^Đôn đốc, nhắc nhở, tổng hợp kết quả .* có liên quan\.$/);
    expect(task('1.khac-phuc.1.1').context).toContain('Cơ quan thực hiện: - Các phòng, ban chuyên môn huyện; UBND các xã, thị trấn có liên quan - Văn phòng HĐND và UBND huyện');
  });

  it('1.duy-tri.1 (lines 34 + 37): "Kế" + "hoạch" across the page break', () => {
    expect(task('1.duy-tri.1.1')).toMatchObject({
      group: 'Nội dung cần duy trì thực hiện',
      objective: 'Mức độ hoàn thành kế hoạch CCHC',
      task: 'Tập trung rà soát các mục tiêu, chỉ tiêu, nhiệm vụ được giao trong Kế hoạch cải cách hành chính năm 2024 để tổ chức thực hiện đảm bảo đạt 100% Kế hoạch đề ra.',
      lead: ['Các phòng chuyên môn huyện', 'UBND các xã, thị trấn'],
      deadlineText: 'Theo tiến độ Kế hoạch đề ra',
    });
    expect(task('1.duy-tri.1.2')).toMatchObject({
      task: 'Theo dõi, tổng hợp và báo cáo kết quả, tiến độ thực hiện của các cơ quan, đơn vị liên quan cho Lãnh đạo UBND huyện.',
      lead: ['Phòng Nội vụ'],
      deadlineText: 'Hàng quý, 06 tháng, năm.',
    });
  });

  it('1.duy-tri.3 (lines 39 + 42): "1. … 2. …" and "3. … 4. …" items, a dashed name kept whole', () => {
    expect([1, 2, 3, 4].map((i) => task(`1.duy-tri.3.${i}`)).map((t) => [t.task!.slice(0, 30), t.lead, t.coordinating, t.deadlineText])).toEqual([
      ['Tiếp tục duy trì chuyên mục cả', ['Trung tâm Văn hóa - Thông tin - Thể thao'], [], 'Thường xuyên'],
      ['Tăng cường viết tin, bài đăng ', ['Các phòng, ban chuyên môn huyện', 'UBND các xã, thị trấn'], [], 'Thường xuyên'],
      ['Tiếp tục thiết kế nội dung pan', ['Phòng Văn hóa và Thông tin'], ['Các phòng, ban chuyên môn huyện'], 'Tháng 6/2024'],
      ['Rà soát dự trù kinh phí bổ sun', ['Trung tâm Văn hóa - Thông tin - Thể thao'], [], 'Tháng 8/2024'],
    ]);
    expect(task('1.duy-tri.3.2').task).toBe(
      'Tăng cường viết tin, bài đăng trên Cổng thông tin điện tử huyện (Mỗi cơ quan, đơn vị, địa phương phải có ít nhất 01 tin, bài/năm).',
    );
    expect(task('1.duy-tri.3.2').leadText).toBe('Các phòng, ban chuyên môn huyện; UBND các xã, thị trấn');
    expect(task('1.duy-tri.3.3').schedule.due).toBe('2024-06-30');
  });

  it('1.duy-tri.4 (lines 43 + 46): "A chủ trì phối hợp với B" in the agency cell', () => {
    expect(task('1.duy-tri.4.1')).toMatchObject({
      objective: 'Có ít nhất một hình thức tuyên truyền khác: Tổ chức các cuộc thi tìm hiểu về CCHC, tọa đàm về CCHC',
      task: 'Xây dựng Kế hoạch và tổ chức tọa đàm về nhiệm vụ, giải pháp thực hiện 07 chỉ tiêu liên quan đến dịch vụ công trực tuyến',
      leadText: 'Văn phòng HĐND và UBND chủ trì phối hợp với Phòng Nội vụ và các phòng có liên quan',
      lead: ['Văn phòng HĐND và UBND huyện'],
      coordinating: ['Phòng Nội vụ', 'Các phòng chuyên môn huyện'],
      deadlineText: 'Hoàn thành trong quý III/2024',
      context: null,
    });
  });

  it('1.duy-tri.7 (lines 49 + 52): "Phòng Tài chính" + "- Kế hoạch" and "trước tháng" + "11/2024" rejoined', () => {
    expect(task('1.duy-tri.7.1')).toMatchObject({
      objective: 'Tổ chức đối thoại với cá nhân, tổ chức, doanh nghiệp',
      task: 'Xây dựng Kế hoạch và tổ chức đối thoại với tổ chức, cá nhân, doanh nghiệp.',
      leadText: 'Phòng Kinh tế và Hạ tầng phối hợp với Phòng Tài chính - Kế hoạch, Ban Quản lý Dự án đầu tư xây dựng và PTQĐ huyện.',
      lead: ['Phòng Kinh tế và Hạ tầng'],
      coordinating: ['Phòng Tài chính - Kế hoạch', 'Ban Quản lý Dự án đầu tư xây dựng và Phát triển quỹ đất huyện'],
      deadlineText: 'Hoàn thành trước tháng 11/2024',
    });
    expect(task('1.duy-tri.7.2')).toMatchObject({
      task: 'Có văn bản trả lời, giải quyết các kiến nghị, đề xuất của cá nhân, tổ chức, doanh nghiệp (nếu có).',
      lead: ['Các phòng, ban chuyên môn huyện'],
      deadlineText: 'Sau khi tổ chức đối thoại',
    });
  });

  it('2.duy-tri.1 (lines 57 + 60): "quy" + "định." then a <ul> with two more items', () => {
    expect(task('2.duy-tri.1.1')).toMatchObject({
      area: 'Cải cách thể chế',
      group: 'Nội dung cần duy trì',
      task: 'Tiếp tục hướng dẫn các xã, thị trấn xây dựng văn bản quy phạm pháp luật đảm bảo đúng thẩm quyền, trình tự, tiến độ và chất lượng theo quy định.',
      lead: ['Phòng Tư pháp'],
      deadlineText: 'Thường xuyên',
    });
    expect(task('2.duy-tri.1.2')).toMatchObject({
      task: 'Đảm bảo 100% văn bản QPPL được ban hành đúng quy định.',
      lead: ['Phòng Tư pháp', 'Các cơ quan, đơn vị có liên quan', 'UBND các xã, thị trấn'],
      deadlineText: 'Năm 2024',
    });
    expect(task('2.duy-tri.1.3')).toMatchObject({ lead: ['Phòng Tư pháp'], deadlineText: 'Quý III/2024' });
  });

  it('3.duy-tri.1 and 3.duy-tri.2 (lines 72-76): objective across pages, <i> text kept', () => {
    expect(task('3.duy-tri.1.1')).toMatchObject({
      objective: 'Cập nhật và công khai kịp thời, đầy đủ TTHC trên Cổng thông tin điện tử, Trang thông tin điện tử và tại Bộ phận Một cửa cấp huyện, cấp xã',
      lead: ['Các phòng, ban chuyên môn huyện'],
      deadlineText: 'Thường xuyên',
      context: null,
    });
    expect(task('3.duy-tri.2.1').task).toContain('(đặc biệt là trên lĩnh vực chứng thực tại các xã, thị trấn).');
    expect(task('3.duy-tri.2.2')).toMatchObject({ lead: ['Văn phòng HĐND và UBND huyện'], deadlineText: 'Ngày 30 tháng cuối cùng của quý' });
  });

  it('4.duy-tri.2 (lines 88 + 91): a role as the only lead', () => {
    expect(task('4.duy-tri.2.1')).toMatchObject({
      area: 'Cải cách tổ chức bộ máy',
      objective:
        'Thực hiện đầy đủ các nhiệm vụ về phân cấp quản lý theo Kế hoạch số 130/KH-UBND ngày 14/11/2023 của UBND huyện về đẩy mạnh phân cấp, phân quyền trong quản lý nhà nước.',
      lead: ['Các cơ quan, đơn vị có liên quan'],
      deadlineText: 'Theo Kế hoạch của UBND huyện.',
    });
    expect(task('4.duy-tri.2.2')).toMatchObject({ lead: ['Phòng Nội vụ'], deadlineText: '06 tháng, năm' });
    expect(result.problems.some((p) => p.row === 88 && p.severity === 'warning' && p.message.includes('là một vai trò'))).toBe(true);
  });

  it('5.khac-phuc.1.2 (line 102): a date without a year takes the plan year', () => {
    expect(task('5.khac-phuc.1.2')).toMatchObject({
      deadlineText: 'Hoàn thành việc đánh giá trước ngày 15/12 và thời gian gửi báo cáo theo văn bản hướng dẫn của huyện',
      lead: ['Các phòng chuyên môn, đơn vị sự nghiệp thuộc huyện', 'UBND các xã, thị trấn'],
    });
    expect(task('5.khac-phuc.1.2').schedule.due).toBe('2024-12-14');
  });

  it('5.duy-tri.4 and 5.duy-tri.5 (lines 110-117): "báo" + "áo cáo", four items across a page', () => {
    expect(task('5.duy-tri.4.1')).toMatchObject({
      objective: 'Mức độ thực hiện các nhiệm vụ, chỉ tiêu đào tạo, bồi dưỡng CBCCVC theo Kế hoạch',
      task: 'Xây dựng Kế hoạch Đào tạo bồi dưỡng và báo cáo kết quả đào tạo, bồi dưỡng CBCCVC năm 2024 theo quy định.',
      leadText: 'Phòng Nội vụ phối hợp với các cơ quan, đơn vị liên quan.',
      lead: ['Phòng Nội vụ'],
      coordinating: [],
      deadlineText: 'Theo quy định của tỉnh',
    });
    expect([1, 2, 3, 4].map((i) => [task(`5.duy-tri.5.${i}`).lead, task(`5.duy-tri.5.${i}`).deadlineText])).toEqual([
      [['Phòng Nội vụ'], 'Theo thời gian quy định của tỉnh'],
      [['Các phòng chuyên môn huyện'], 'Tháng 9/2024'],
      [['UBND các xã, thị trấn', 'Các đơn vị trường học'], 'Tháng 8/2024'],
      [['Phòng Nội vụ'], 'Tháng 9/2024'],
    ]);
  });

  it('6.duy-tri.1 (lines 122 + 125): every cell continued on the next page', () => {
    expect(task('6.duy-tri.1.1')).toMatchObject({
      area: 'Đổi mới cơ chế tài chính',
      objective: 'Ban hành và thực hiện quy chế chi tiêu nội bộ',
      leadText: 'Các phòng, ban và đơn vị sự nghiệp thuộc huyện; UBND các xã, thị trấn',
      lead: ['Các phòng chuyên môn, đơn vị sự nghiệp thuộc huyện', 'UBND các xã, thị trấn'],
      deadlineText: 'Sau khi có quyết định giao dự toán',
    });
  });

  it('7.khac-phuc.1 (lines 135 + 138): " - " splits items, the en dash in a name does not', () => {
    expect(task('7.khac-phuc.1.1')).toMatchObject({
      area: 'Xây dựng và phát triển chính quyền điện tử',
      task: 'Xây dựng sơ đồ thiết kế quản trị hệ thống mạng Lan của huyện',
      leadText: 'Phòng Văn hoá – Thông tin',
      lead: ['Phòng Văn hóa và Thông tin'],
      deadlineText: 'Tháng 6/2024',
    });
    expect(task('7.khac-phuc.1.2')).toMatchObject({
      task: '100% xã, thị trấn trên địa bàn huyện xây sơ đồ thiết kế quản trị hệ thống mạng Lan của địa phương mình',
      leadText: 'UBND các xã, thị trấn',
      lead: ['UBND các xã, thị trấn'],
      deadlineText: 'Tháng 6/2024',
    });
  });

  it('7.khac-phuc.4 (lines 144-150): three items over three pages', () => {
    expect(task('7.khac-phuc.4.1')).toMatchObject({
      task: 'Tiếp tục tuyên truyền, vận động người dân thực hiện thanh toán trực tuyến khi thực hiện TTHC có yêu cầu thực hiện nghĩa vụ tài chính.',
      lead: ['Các phòng, ban chuyên môn huyện', 'UBND các xã, thị trấn', 'Chi nhánh Văn phòng Đăng ký đất đai'],
    });
    expect(task('7.khac-phuc.4.3')).toMatchObject({ leadText: 'Văn phòng HĐND và UBND huyện', deadlineText: 'Hàng tháng' });
    expect(task('7.khac-phuc.4.3').task).toMatch(/theo định kỳ hàng tháng \(nêu cụ thể những đơn vị thực hiện đạt và chưa đạt chỉ tiêu đề ra\)\.$/);
  });

  it('7.duy-tri.5 (lines 166 + 169): the garbled agency is reported, the rest imported', () => {
    expect(task('7.duy-tri.5.1')).toMatchObject({
      objective: 'Lập hồ sơ công việc dưới dạng điện tử',
      leadText: 'Các phòng chuyên môn, đơn vị sự ngành thuộc huyện; UBND các xã, thị trấn',
      lead: ['Các phòng chuyên môn huyện', 'UBND các xã, thị trấn'],
      deadlineText: 'Ban hành DMHS trong tháng 01/2024 và lập hồ sơ sau khi đã giải quyết xong công việc.',
    });
    expect(task('7.duy-tri.5.2')).toMatchObject({ lead: ['Phòng Văn hóa và Thông tin', 'Phòng Nội vụ'], deadlineText: 'Thường xuyên' });
  });

  it('8.khac-phuc.1 (lines 172 + 175): "kinh tế - xã hội" is not an item break', () => {
    expect(task('8.khac-phuc.1.1')).toMatchObject({
      objective: 'Mức độ thực hiện các chỉ tiêu phát triển kinh tế - xã hội do HĐND cấp huyện giao',
      task: '100% chỉ tiêu phát triển kinh tế - xã hội năm 2024 của huyện được thực hiện đạt và vượt chỉ tiêu đề ra',
      lead: ['Các phòng, ban chuyên môn huyện', 'UBND các xã, thị trấn'],
      deadlineText: 'Theo Kế hoạch huyện đề ra',
    });
    expect(task('8.khac-phuc.2.1').lead).toEqual(['Phòng Tài chính - Kế hoạch', 'Chi cục Thuế huyện', 'UBND các xã, thị trấn']);
  });

  it('9.1.1 (lines 179 + 182): a section without group rows', () => {
    expect(task('9.1.1')).toMatchObject({
      area: 'Đánh giá tác động của cải cách hành chính đến người dân, tổ chức',
      group: null,
      objective: 'Đánh giá mức độ hài lòng của người dân và doanh nghịệp đối với sự phục vụ của cơ quan hành chính.',
      task: 'Tham mưu UBND huyện ban hành Kế hoạch Cải thiện, nâng cao mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS) của huyện Tuy Phước năm 2024',
      lead: ['Phòng Nội vụ'],
      deadlineText: 'Tháng 5/2024',
    });
  });
});

describe('seed 002 re-import', () => {
  it('gives identical tasks, and the same refs after correcting one time item', () => {
    const text = readFileSync(FILE, 'utf8');
    const again = importPlanText(text, { directory, file: 'tuy-phuoc-cchc-2024.txt' });
    expect(again).toEqual(result);
    const corrected = importPlanText(text.replace('<p>- Tháng 6/2024</p> <p>- Tháng 8/2024</p>', '<p>- Tháng 7/2024</p> <p>- Tháng 8/2024</p>'), {
      directory,
      file: 'tuy-phuoc-cchc-2024.txt',
    });
    expect(corrected.tasks.map((t) => t.ref)).toEqual(result.tasks.map((t) => t.ref));
    const withoutContext = (t: Task) => JSON.stringify({ ...t, context: null });
    const changed = corrected.tasks.filter((t, i) => withoutContext(t) !== withoutContext(result.tasks[i]!));
    expect(changed.map((t) => [t.ref, t.deadlineText, t.schedule.due])).toEqual([['1.duy-tri.3.3', 'Tháng 7/2024', '2024-07-31']]);
    // The row's context, shared by its four items, shows the corrected cell.
    expect(corrected.tasks.find((t) => t.ref === '1.duy-tri.3.1')!.context).toContain('- Tháng 7/2024');
  });
});
