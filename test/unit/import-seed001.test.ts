/**
 * Seed 001: Quyết định 3322/QĐ-UBND (Thừa Thiên Huế), appendix "NHIỆM VỤ CỤ THỂ TRIỂN KHAI CÔNG TÁC
 * CẢI CÁCH HÀNH CHÍNH NĂM 2025". Expected values are written from the document (line numbers are
 * those of plans/3322-QD-UBND-2024-thua-thien-hue.txt).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DirectorySchema } from '../../domain/directory';
import { importPlanFile, importPlanText, type ImportResult } from '../../domain/import';
import { TaskSchema, type Task } from '../../domain/plan';

const FILE = 'plans/3322-QD-UBND-2024-thua-thien-hue.txt';
const directory = DirectorySchema.parse(JSON.parse(readFileSync('config/agencies.json', 'utf8')));
const BUDGET_FROM_ANNUAL = { text: 'Theo dự toán ngân sách hàng năm' };

let result: ImportResult;
const task = (ref: string): Task => {
  const t = result.tasks.find((x) => x.ref === ref);
  if (!t) throw new Error(`no task ${ref}`);
  return t;
};

beforeAll(async () => {
  result = await importPlanFile(FILE, { directory });
});

describe('seed 001 plan', () => {
  it('reads number, issue date, year, title and jurisdiction from the document', () => {
    expect(result.plan).toEqual({
      id: '3322-qd-ubnd-2024',
      number: '3322/QĐ-UBND',
      issuer: 'Ủy ban nhân dân tỉnh Thừa Thiên Huế',
      jurisdiction: 'thua-thien-hue',
      issuedOn: '2024-12-25',
      title: 'Kế hoạch cải cách hành chính gắn với chính quyền số, dịch vụ đô thị thông minh của tỉnh Thừa Thiên Huế năm 2025',
      year: 2025,
      source: '3322-QD-UBND-2024-thua-thien-hue.txt',
    });
  });
});

describe('seed 001 rows', () => {
  it('accounts for every activity row: 38 tasks in the 7 reform areas, in the order of section II', () => {
    const perArea = new Map<string, number>();
    for (const t of result.tasks) perArea.set(t.area!, (perArea.get(t.area!) ?? 0) + 1);
    expect([...perArea]).toEqual([
      ['Cải cách thể chế', 14],
      ['Cải cách thủ tục hành chính', 5],
      ['Cải cách tổ chức bộ máy các cơ quan hành chính nhà nước', 3],
      ['Cải cách chế độ công vụ', 2],
      ['Cải cách tài chính công', 3],
      ['Xây dựng và phát triển chính quyền điện tử, chính quyền số', 7],
      ['Tổ chức chỉ đạo, điều hành', 4],
    ]);
    expect(result.tasks.map((t) => t.ref).slice(0, 14)).toEqual([
      '1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '1.1.6', '1.1.7', '1.1.8', '1.1.9', '1.1.10',
      '1.2.1', '1.2.2', '1.2.3', '1.2.4',
    ]);
    expect(result.tasks.filter((t) => t.area === 'Cải cách thủ tục hành chính').map((t) => t.ref)).toEqual(['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.2.1']);
    for (const t of result.tasks) expect(TaskSchema.safeParse(t).success).toBe(true);
  });

  it('reports no errors and only the expected doubts', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const warnings = result.problems.map((p) => [p.row, p.column, p.severity]);
    expect(warnings).toEqual([
      [0, null, 'warning'],
      [191, '5-Chủ trì', 'warning'],
      [205, '5-Chủ trì', 'warning'],
      [381, '6-Phối hợp', 'warning'],
      [390, '6-Phối hợp', 'warning'],
      [399, '8-Kinh phí (Triệu đồng)', 'warning'],
      [417, '8-Kinh phí (Triệu đồng)', 'warning'],
      [426, '8-Kinh phí (Triệu đồng)', 'warning'],
      [435, '8-Kinh phí (Triệu đồng)', 'warning'],
      [444, '8-Kinh phí (Triệu đồng)', 'warning'],
    ]);
    const [area, draft1, draft2, vague1, vague2, budget1] = result.problems.map((p) => p.message);
    expect(area).toContain('lĩnh vực 1');
    expect(area).toContain('"Cải cách thể chế"');
    expect(draft1).toContain('"Cơ quan soạn thảo văn bản QPPL" là một vai trò');
    expect(draft2).toContain('"Cơ quan soạn thảo văn bản QPPL" là một vai trò');
    expect(vague1).toContain('"Các cơ quan liên quan" không chỉ rõ cơ quan');
    expect(vague2).toContain('"Các cơ quan liên quan" không chỉ rõ cơ quan');
    expect(budget1).toContain('"4,455" được hiểu là 4.455 triệu đồng');
    expect(result.problems.every((p) => p.file === '3322-QD-UBND-2024-thua-thien-hue.txt')).toBe(true);
  });

  it('1.1.1 (line 182): a full row of nine cells', () => {
    expect(task('1.1.1')).toMatchObject({
      planId: '3322-qd-ubnd-2024',
      source: { file: '3322-QD-UBND-2024-thua-thien-hue.txt', row: 182 },
      area: 'Cải cách thể chế',
      group: null,
      objective: 'Hoàn thiện hệ thống pháp luật của HĐND và UBND',
      task: 'Ban hành văn bản quy phạm pháp luật (QPPL) của HĐND và UBND',
      activity: 'Lập đề nghị xây dựng Nghị quyết, Quyết định',
      product: 'Tờ trình, dự thảo Đề cương Nghị quyết, Quyết định hoặc dự thảo Nghị quyết, Quyết định',
      lead: ['Các sở, ban, ngành cấp tỉnh'],
      leadText: 'Các sở, ban, ngành cấp tỉnh',
      coordinating: ['Văn phòng UBND tỉnh', 'Sở Tư pháp'],
      deadlineText: 'Năm 2025',
      budget: BUDGET_FROM_ANNUAL,
      notes: null,
      context: null,
    });
    expect(task('1.1.1').schedule.due).toBe('2025-12-31');
  });

  it('1.1.2 (line 191): six cells then "|||" inherit STT, Mục tiêu and Nhiệm vụ', () => {
    expect(task('1.1.2')).toMatchObject({
      source: { row: 191 },
      objective: 'Hoàn thiện hệ thống pháp luật của HĐND và UBND',
      task: 'Ban hành văn bản quy phạm pháp luật (QPPL) của HĐND và UBND',
      activity: 'Soạn thảo, lấy ý kiến dự thảo Nghị quyết, Quyết định',
      product: 'Công văn',
      lead: ['Cơ quan soạn thảo văn bản QPPL'],
      coordinating: ['Các sở, ban, ngành cấp tỉnh', 'UBND cấp huyện'],
      deadlineText: 'Năm 2025',
      budget: BUDGET_FROM_ANNUAL,
    });
  });

  it('1.1.5 (line 212): seven cells then "||" start a new Nhiệm vụ under the same Mục tiêu', () => {
    expect(task('1.1.5')).toMatchObject({
      objective: 'Hoàn thiện hệ thống pháp luật của HĐND và UBND',
      task: 'Kiểm tra văn bản QPPL',
      activity: 'Tự kiểm tra Quyết định của UBND',
      product: 'Phiếu kiểm tra, Báo cáo nội dung trái pháp luật (nếu có)',
      lead: ['Sở Tư pháp'],
      coordinating: ['Các sở, ban, ngành cấp tỉnh'],
    });
    expect(task('1.1.6')).toMatchObject({
      task: 'Kiểm tra văn bản QPPL',
      activity: 'Xây dựng và ban hành Kế hoạch kiểm tra văn bản bản QPPL năm 2026',
      coordinating: ['HĐND, UBND cấp huyện'],
      deadlineText: 'Trước ngày 31/12/2025',
    });
    expect(task('1.1.6').schedule.due).toBe('2025-12-30');
    expect(task('1.1.7')).toMatchObject({ activity: 'Kiểm tra văn bản văn bản QPPL', product: 'Quyết định, Biên bản, Kết luận kiểm tra', deadlineText: 'Quý II, III' });
  });

  it('1.1.9 (line 242): an empty Kinh phí ("|") before the merged cells', () => {
    expect(task('1.1.9')).toMatchObject({
      source: { row: 242 },
      task: 'Rà soát văn bản QPPL thuộc lĩnh vực quản lý của ngành',
      activity: 'Báo cáo kết quả công tác rà soát, hệ thống hóa văn bản QPPL năm 2024',
      product: 'Báo cáo',
      lead: ['Các sở, ban, ngành cấp tỉnh'],
      coordinating: ['Sở Tư pháp'],
      deadlineText: 'Trước ngày 15/01/2025',
      budget: null,
    });
    expect(task('1.1.10')).toMatchObject({ lead: ['Sở Tư pháp', 'Văn phòng UBND tỉnh'], deadlineText: 'Trước ngày 31/01/2025', budget: null });
  });

  it('1.2.3 (line 272): names written without spaces ("Cácsở,ban", "UBNDcấp huyện")', () => {
    expect(task('1.2.3')).toMatchObject({
      objective: 'Đổi mới, nâng cao chất lượng, hiệu quả thực thi pháp luật',
      activity: 'Thực hiện hoạt động điều tra, khảo sát tình hình thi hành pháp luật',
      coordinating: ['Các sở, ban, ngành cấp tỉnh', 'UBND cấp huyện'],
      deadlineText: 'Quý III, IV',
    });
  });

  it('1.2.4 (line 279): two leads, each with what it answers for', () => {
    expect(task('1.2.4')).toMatchObject({
      task: 'Tăng cường vai trò của người dân, doanh nghiệp, các tổ chức chính trị - xã hội, xã hội - nghề nghiệp và cộng đồng trong phản biện chính sách và giám sát thi hành pháp luật; kịp thời xử lý các vấn đề mới phát sinh trong tổ chức thi hành pháp luật',
      activity: 'Tăng cường năng lực phản ứng chính sách, kịp thời xử lý các vấn đề mới phát sinh trong tổ chức thi hành pháp luật',
      product: 'Các văn bản xử lý kết quả theo dõi thi hành pháp luật/Báo cáo kết quả theo dõi thi hành pháp luật năm 2025',
      lead: ['Các sở, ban, ngành cấp tỉnh', 'Sở Tư pháp'],
      leadText:
        'Các sở, ban, ngành cấp tỉnh: đối với xử lý kết quả theo dõi thi hành pháp luật; Sở Tư pháp: đối với Báo cáo kết quả theo dõi thi hành pháp luật hàng năm',
      coordinating: ['UBND cấp huyện'],
      deadlineText: '- Các sở, ban, ngành cấp tỉnh: Cả năm 2025 - Sở Tư pháp tổng hợp, báo cáo kết quả thực hiện trước ngày 10/12/2025',
    });
  });

  it('2.1.2 (line 296): a new Nhiệm vụ under the inherited Mục tiêu of area 2', () => {
    expect(task('2.1.2')).toMatchObject({
      area: 'Cải cách thủ tục hành chính',
      objective:
        'Cải cách quyết liệt, hiệu quả quy trình TTHC liên quan đến người dân, doanh nghiệp, TTHC nội bộ giữa cơ quan hành chính nhà nước, cải thiện, nâng cao chất lượng môi trường đầu tư kinh doanh, bảo đảm cạnh tranh lành mạnh, bình đẳng, minh bạch',
      task: 'Rà soát, đánh giá TTHC trong quá trình thực hiện; loại bỏ các thủ tục rườm rà, chồng chéo dễ bị lợi dụng để tham nhũng, gây khó khăn cho người dân, tổ chức',
      activity: 'Xây dựng và ban hành Kế hoạch rà soát, đánh giá TTHC năm 2026',
      product: 'Kế hoạch',
      lead: ['Văn phòng UBND tỉnh'],
      coordinating: ['Các sở, ban, ngành cấp tỉnh'],
      deadlineText: 'Trước ngày 31/12/2025',
    });
  });

  it('3.1.1 and 4.2.1: single-row STTs, communes as one collective recipient', () => {
    expect(task('3.1.1')).toMatchObject({
      source: { row: 327 },
      area: 'Cải cách tổ chức bộ máy các cơ quan hành chính nhà nước',
      objective: 'Tiếp tục rà soát, sắp xếp, tinh gọn hệ thống tổ chức cơ quan hành chính nhà nước các cấp ở địa phương theo quy định',
      product: 'Đề án, Quyết định',
      lead: ['Sở Nội vụ'],
      budget: null,
    });
    expect(task('4.2.1')).toMatchObject({
      objective: 'Phê duyệt đề án Vị trí việc làm',
      activity: 'Xây dựng, thẩm định đề án VTVL',
      coordinating: ['Các sở, ban, ngành cấp tỉnh', 'UBND cấp huyện', 'UBND các xã, phường, thị trấn'],
    });
  });

  it('5.1.1 (line 372): two leads; the district finance offices as one group', () => {
    expect(task('5.1.1')).toMatchObject({
      area: 'Cải cách tài chính công',
      activity: 'Ban hành Quyết định giao quyền tự chủ cho các đơn vị sự nghiệp công lập',
      lead: ['Các sở, ban, ngành cấp tỉnh', 'UBND cấp huyện'],
      coordinating: ['Sở Tài chính', 'Phòng Tài chính - Kế hoạch các huyện, thị xã, thành phố Huế'],
    });
  });

  it('5.3.1 (line 390): STT and Mục tiêu present, the merged Nhiệm vụ in the middle inherited from 5.2', () => {
    expect(task('5.3.1')).toMatchObject({
      source: { row: 390 },
      objective: 'Ban hành định mức kinh tế - kỹ thuật',
      task: 'Nâng cao hiệu quả thực hiện chế độ tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí đối với các đơn vị sự nghiệp công lập',
      activity: 'Ban hành Quyết định định mức kinh tế - kỹ thuật của các ngành, lĩnh vực',
      product: 'Quyết định',
      lead: ['Các sở, ban, ngành cấp tỉnh'],
      coordinating: ['Sở Tài chính'],
      deadlineText: 'Năm 2025',
      budget: null,
    });
  });

  it('6.x: budgets in millions of VND, "4,455" read with a thousands separator', () => {
    expect(task('6.1.1')).toMatchObject({
      area: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
      objective: 'Xây dựng Nền tảng phân tích, xử lý dữ liệu tổng hợp tập trung',
      task: 'Phát triển chính quyền số tỉnh Thừa Thiên Huế',
      lead: ['Sở Thông tin và Truyền thông'],
      budget: { millionVnd: 4455 },
    });
    expect(['6.3.1', '6.4.1', '6.5.1', '6.6.1'].map((r) => task(r).budget)).toEqual([
      { millionVnd: 1782 },
      { millionVnd: 8910 },
      { millionVnd: 17789 },
      { millionVnd: 2673 },
    ]);
    expect(task('6.2.1')).toMatchObject({ lead: ['Các sở, ban, ngành cấp tỉnh', 'UBND cấp huyện'], coordinating: ['Sở Thông tin và Truyền thông'] });
    expect(task('6.7.1')).toMatchObject({ lead: ['Văn phòng UBND tỉnh'], leadText: 'VP UBND tỉnh', coordinating: ['Sở Thông tin và Truyền thông'] });
  });

  it('7.4.1 (line 489): "các Sở: Tư pháp, Tài chính, …" expands to the departments', () => {
    expect(task('7.4.1')).toMatchObject({
      area: 'Tổ chức chỉ đạo, điều hành',
      activity: 'Tổ chức thẩm định, công bố kết quả đánh giá, xếp loại công tác CCHC năm 2025 của các sở, ban, ngành cấp tỉnh và UBND cấp huyện, cấp xã',
      lead: ['Sở Nội vụ'],
      coordinating: ['Văn phòng UBND tỉnh', 'Sở Tư pháp', 'Sở Tài chính', 'Sở Thông tin và Truyền thông', 'Sở Khoa học và Công nghệ', 'UBND cấp huyện'],
      deadlineText: 'Tháng 12/2025',
    });
  });
});

describe('seed 001 re-import', () => {
  it('gives identical plan, refs and tasks', async () => {
    const again = await importPlanFile(FILE, { directory });
    expect(again).toEqual(result);
  });

  it('keeps every ref when one deadline is corrected, and changes only that task', () => {
    const text = readFileSync(FILE, 'utf8');
    const lines = text.split('\n');
    expect(lines[223]).toBe('Trước ngày 31/12/2025 |'); // line 224: deadline of 1.1.6
    lines[223] = 'Trước ngày 30/11/2025 |';
    const corrected = importPlanText(lines.join('\n'), { directory, file: '3322-QD-UBND-2024-thua-thien-hue.txt' });
    expect(corrected.tasks.map((t) => t.ref)).toEqual(result.tasks.map((t) => t.ref));
    const changed = corrected.tasks.filter((t, i) => JSON.stringify(t) !== JSON.stringify(result.tasks[i]));
    expect(changed.map((t) => [t.ref, t.deadlineText, t.schedule.due])).toEqual([['1.1.6', 'Trước ngày 30/11/2025', '2025-11-29']]);
  });
});
