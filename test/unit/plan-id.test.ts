/**
 * Plan ids go into every workflow id ("task:<plan>:<ref>", and "/<period>" for an instance), and
 * those into every link of every message: a plan without a number gets a short, readable id, the
 * same at every import of the same plan.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DirectorySchema } from '../../domain/directory';
import { importPlanFile } from '../../domain/import';
import { legacyTitleId, titleId, TITLE_ID_MAX } from '../../domain/import/metadata';
import { taskWorkflowId } from '../../domain/plan';
import { slug } from '../../domain/import/text';
import { SAMPLE_PLANS } from '../../worker/samples';

const directory = DirectorySchema.parse(JSON.parse(readFileSync('config/agencies.json', 'utf8')));
const TUY_PHUOC = 'plans/tuy-phuoc-cchc-2024.txt';

describe('plan ids', () => {
  it('the Tuy Phước sample (blank number) gets a short readable id, not its whole title', async () => {
    const { plan } = await importPlanFile(TUY_PHUOC, { directory });
    expect(plan.id).toBe('kh-cchc-khac-phuc-tuy-phuoc-2024');
    expect(plan.id.length).toBeLessThanOrEqual(TITLE_ID_MAX);
  });

  it('keeps every workflow id of both sample plans, instances included, well under the 100-character route parameter limit', async () => {
    let longest = '';
    for (const file of SAMPLE_PLANS) {
      const { plan, tasks } = await importPlanFile(file, { directory });
      for (const task of tasks) {
        // The longest period label an instance can have ("6 tháng cuối năm 2025"), as the task workflow names it.
        const id = `${taskWorkflowId(plan.id, task.ref)}/${slug('6 tháng cuối năm 2025')}`;
        if (id.length > longest.length) longest = id;
      }
    }
    expect(longest.length, longest).toBeLessThanOrEqual(80);
  });

  it('is the same at every import of the same plan (importing again starts nothing new)', async () => {
    const first = await importPlanFile(TUY_PHUOC, { directory });
    const again = await importPlanFile(TUY_PHUOC, { directory });
    expect(again.plan.id).toBe(first.plan.id);
    expect(again.tasks.map((t) => taskWorkflowId(t.planId, t.ref))).toEqual(first.tasks.map((t) => taskWorkflowId(t.planId, t.ref)));
  });

  it('still takes number and year when there is a number', async () => {
    const { plan } = await importPlanFile('plans/3322-QD-UBND-2024-thua-thien-hue.txt', { directory });
    expect(plan.id).toBe('3322-qd-ubnd-2024');
  });

  it('names kind, subject, first words, jurisdiction and year, within 40 characters', () => {
    expect(titleId('Kế hoạch CCHC năm 2025', 2025, 'thua-thien-hue')).toBe('kh-cchc-thua-thien-hue-2025');
    expect(titleId('Chương trình chuyển đổi số tỉnh Thừa Thiên Huế giai đoạn 2026 - 2030', 2026, 'thua-thien-hue')).toBe('ctr-cds-thua-thien-hue-2026');
    expect(titleId('Kế hoạch kiểm tra công vụ năm 2026', 2026, 'tuy-phuoc')).toBe('kh-kiem-tra-tuy-phuoc-2026');
    const long = titleId('Kế hoạch tuyên truyền cải cách hành chính, thủ tục hành chính năm 2025', 2025, 'thanh-pho-ho-chi-minh-va-cac-vung-lan-can');
    expect(long.length).toBeLessThanOrEqual(TITLE_ID_MAX);
    expect(long).toMatch(/^kh-cchc-tthc-thanh-pho-.*-2025$/);
  });

  it('still knows the long id plans without a number had before, so that running plans keep theirs', async () => {
    const { plan } = await importPlanFile(TUY_PHUOC, { directory });
    expect(legacyTitleId(plan.title, plan.year)).toBe('khac-phuc-ton-tai-han-che-va-nhiem-vu-giai-phap-nang-cao-chi-so-cchc-huyen-tuy-phuoc-nam-2024');
  });
});
