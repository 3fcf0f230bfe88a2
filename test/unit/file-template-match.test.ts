/** Which template a one-stop file follows (pure): the one named, else the rules (procedure, receiving unit, agency), else the shipped one. */
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_FILE_TEMPLATE_ID,
  TemplateChoiceError,
  TemplateSchema,
  builtinTemplates,
  matchFileTemplate,
  type StoredTemplate,
  type TemplateInput,
} from '../../domain/templates';

const fileTemplate = (name: string, matching: Partial<TemplateInput['matching']>): TemplateInput => ({
  name,
  category: 'Hồ sơ thủ tục hành chính',
  appliesTo: 'file',
  reminders: { workingDaysBefore: [3, 1, 0], hour: '08:00' },
  escalation: [
    { level: 1, afterWorkingDays: 0, to: 'monitor', repeatEveryWorkingDays: 2 },
    { level: 2, afterWorkingDays: 3, to: 'chair', repeatEveryWorkingDays: 5 },
  ],
  matching: { plans: [], areas: [], productTypes: [], leads: [], words: [], every: [], ...matching },
});

const stored = (id: string, input: TemplateInput, extra: Partial<StoredTemplate> = {}): StoredTemplate => ({
  id,
  version: 1,
  template: TemplateSchema.parse(input),
  ...extra,
});
const builtins: StoredTemplate[] = builtinTemplates().map((b) => ({ ...b, version: 1 }));
const file = {
  procedure: { code: '1.009994', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ' },
  receivingUnit: 'Bộ phận Một cửa huyện',
  agencies: ['Phòng Kinh tế và Hạ tầng'],
};

describe('the template of a one-stop file', () => {
  const building = stored('xay-dung', fileTemplate('Hồ sơ xây dựng', { words: ['giấy phép xây dựng'] }));
  const buildingHere = stored('xay-dung-kt-ht', fileTemplate('Xây dựng tại Phòng KT-HT', { words: ['1.009994'], leads: ['phong kinh te va ha tang'] }));
  const desk = stored('mot-cua-huyen', fileTemplate('Một cửa huyện', { leads: ['Bộ phận Một cửa huyện'] }));
  const planRules = stored('theo-ke-hoach', fileTemplate('Có quy tắc kế hoạch', { plans: ['3322'], words: ['xây dựng'] }));
  const all = [...builtins, building, buildingHere, desk, planRules];

  it('takes the most specific template whose rules hold: procedure code and agency over the words alone', () => {
    const match = matchFileTemplate(file, all)!;
    expect(match.template.id).toBe('xay-dung-kt-ht');
    expect(match.reason).toBe('Khớp quy tắc: cơ quan “phong kinh te va ha tang”, thủ tục “1.009994”');
    expect(matchFileTemplate({ ...file, agencies: ['Phòng Tư pháp'] }, all)!.template.id).toBe('xay-dung');
  });

  it('matches the receiving unit; never a template with plan rules; else the shipped one', () => {
    const other = { ...file, procedure: { code: '2.000908', name: 'Chứng thực hợp đồng' } };
    expect(matchFileTemplate(other, all)!.template.id).toBe('mot-cua-huyen');
    const elsewhere = { ...other, receivingUnit: 'Trung tâm Phục vụ hành chính công tỉnh' };
    expect(matchFileTemplate(elsewhere, all)).toMatchObject({ template: { id: BUILTIN_FILE_TEMPLATE_ID }, explicit: false });
    expect(matchFileTemplate(elsewhere, [])).toBeNull();
  });

  it('never matches a retired template, and uses the newest version', () => {
    const newer = { ...building, version: 2 };
    expect(matchFileTemplate({ ...file, agencies: ['Phòng Tư pháp'] }, [...builtins, building, newer])!.template.version).toBe(2);
    const retired = [...builtins, { ...building, retired: true }];
    expect(matchFileTemplate({ ...file, agencies: ['Phòng Tư pháp'] }, retired)!.template.id).toBe(BUILTIN_FILE_TEMPLATE_ID);
  });

  it('the one named wins; an unknown or retired id, or a plan-task template, is refused naming the field', () => {
    expect(matchFileTemplate(file, all, 'mot-cua-huyen')).toMatchObject({
      template: { id: 'mot-cua-huyen' },
      explicit: true,
      reason: 'Chọn khi tiếp nhận hồ sơ',
    });
    expect(() => matchFileTemplate(file, all, 'khong-co')).toThrow(new TemplateChoiceError('template: không có mẫu “khong-co”.'));
    expect(() => matchFileTemplate(file, [...builtins, { ...desk, retired: true }], 'mot-cua-huyen')).toThrow(
      'template: mẫu “Một cửa huyện” đã ngừng sử dụng; hãy chọn mẫu khác hoặc khôi phục mẫu này.',
    );
    expect(() => matchFileTemplate(file, all, 'nhiem-vu-ke-hoach')).toThrow(
      /^template: mẫu “.+” dành cho nhiệm vụ trong kế hoạch, không áp dụng cho hồ sơ thủ tục hành chính\.$/,
    );
  });
});
