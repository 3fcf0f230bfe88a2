/** Task templates in the database, on the embedded PGlite and on a real PostgreSQL server. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AuditLog } from '../storage/audit';
import { TemplateStore, TemplateStoreError } from '../storage/templates';
import { builtinTemplates, type TemplateInput } from '../domain/templates';
import type { DatabaseHandle } from '../storage';
import { DATABASE_KINDS, openTestDatabase } from './support/databases';
import { createNotificationActivities, listOutbox } from '../activities/notifications';
import { reminder, testDirectory } from './notifications.support';

const admin = { name: 'Quản trị', role: 'admin' };

const input: TemplateInput = {
  name: 'Báo cáo chuyên đề quý',
  category: 'Báo cáo định kỳ',
  reminders: { workingDaysBefore: [5, 0], hour: '07:30' },
  escalation: [{ level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 2 }],
  matching: { words: ['chuyên đề'] },
};

describe.each(DATABASE_KINDS)('templates on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let store: TemplateStore;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    store = new TemplateStore(handle.db);
  });

  it('seeds the shipped templates once, even from several stores at once', async () => {
    await Promise.all([store.ensureBuiltins(), new TemplateStore(handle.db).ensureBuiltins(), new TemplateStore(handle.db).ensureBuiltins()]);
    const listed = await store.list();
    expect(listed.map((t) => t.id).sort()).toEqual(
      builtinTemplates()
        .map((b) => b.id)
        .sort(),
    );
    expect(listed.every((t) => t.version === 1 && t.versions === 1 && t.savedBy === 'Hệ thống')).toBe(true);
    expect((await store.get('nhiem-vu-ke-hoach')).template.fallback).toBe(true);
  });

  it('keeps every version with who saved it; the newest is the one in use', async () => {
    const created = await store.create(input, admin);
    expect(created).toMatchObject({ id: 'bao-cao-chuyen-de-quy', version: 1, savedBy: 'Quản trị', retiredAt: null });
    const second = await store.saveVersion(
      created.id,
      { ...input, reminders: { workingDaysBefore: [3, 0], hour: '08:00' } },
      { name: 'Quản trị 2', role: 'admin' },
    );
    const [third, fourth] = await Promise.all([
      store.saveVersion(created.id, { ...input, name: 'Báo cáo chuyên đề quý (sửa)' }, admin),
      store.saveVersion(created.id, { ...input, description: 'Lần sửa cùng lúc' }, admin),
    ]);
    expect([second.version, third.version, fourth.version].sort()).toEqual([2, 3, 4]);
    expect((await store.versions(created.id)).map((v) => [v.version, v.savedBy])).toEqual([
      [4, 'Quản trị'],
      [3, 'Quản trị'],
      [2, 'Quản trị 2'],
      [1, 'Quản trị'],
    ]);
    expect((await store.get(created.id, 1)).template.reminders).toEqual({ workingDaysBefore: [5, 0], hour: '07:30' });
    expect((await store.get(created.id, 2)).template.reminders.hour).toBe('08:00');
    expect((await store.get(created.id)).version).toBe(4);
    expect((await store.list()).find((t) => t.id === created.id)).toMatchObject({ version: 4, versions: 4 });
    const audit = await new AuditLog(handle.db).search({ subject: `template:${created.id}`, limit: 10 });
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['template.created', 'template.saved', 'template.saved', 'template.saved']);
  });

  it('refuses an invalid template and says which version is missing', async () => {
    await expect(store.create({ ...input, escalation: [{ level: 2, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 2 }] }, admin)).rejects.toThrow(
      ZodError,
    );
    await expect(store.get('khong-co')).rejects.toThrow('Không có mẫu “khong-co”.');
    await expect(store.get('nhiem-vu-ke-hoach', 9)).rejects.toThrow('Mẫu “nhiem-vu-ke-hoach” không có phiên bản 9.');
  });

  it('clones a version as a new template, retires and restores', async () => {
    const clone = await store.clone('bao-cao-cchc-quy', admin);
    expect(clone).toMatchObject({
      id: 'ban-sao-cua-bao-cao-cai-cach-hanh-chinh-hang-quy',
      version: 1,
      template: { name: 'Bản sao của Báo cáo cải cách hành chính hằng quý' },
    });
    const again = await store.clone('bao-cao-cchc-quy', admin);
    expect(again.id).toBe('ban-sao-cua-bao-cao-cai-cach-hanh-chinh-hang-quy-2');
    expect(clone.template.matching).toEqual((await store.get('bao-cao-cchc-quy')).template.matching);

    const retired = await store.retire(clone.id, admin);
    expect(retired.retiredAt).toBeInstanceOf(Date);
    expect((await store.list()).some((t) => t.id === clone.id)).toBe(false);
    expect((await store.list({ includeRetired: true })).find((t) => t.id === clone.id)?.retiredAt).toBeInstanceOf(Date);
    expect((await store.forMatching()).some((t) => t.id === clone.id)).toBe(false);
    const edit = await store.saveVersion(clone.id, input, admin).catch((e: unknown) => e);
    expect(edit).toBeInstanceOf(TemplateStoreError);
    expect((edit as TemplateStoreError).message).toBe('Mẫu “Bản sao của Báo cáo cải cách hành chính hằng quý” đã ngừng sử dụng; hãy khôi phục trước khi sửa.');
    await expect(store.retire(clone.id, admin)).rejects.toThrow('đã ngừng sử dụng');
    expect((await store.restore(clone.id, admin)).retiredAt).toBeNull();
    expect((await store.list()).some((t) => t.id === clone.id)).toBe(true);
    await expect(store.restore(clone.id, admin)).rejects.toThrow('đang được sử dụng');
  });

  it('does not seed a shipped template again once an admin changed or retired it', async () => {
    await store.retire('ke-hoach-kiem-tra-nam', admin);
    await store.saveVersion('nhiem-vu-ke-hoach', { ...(await store.get('nhiem-vu-ke-hoach')).template, description: 'Sửa bởi quản trị' }, admin);
    const fresh = new TemplateStore(handle.db);
    await fresh.ensureBuiltins();
    expect((await fresh.get('ke-hoach-kiem-tra-nam')).retiredAt).toBeInstanceOf(Date);
    expect((await fresh.get('nhiem-vu-ke-hoach')).template.description).toBe('Sửa bởi quản trị');
    expect((await fresh.versions('nhiem-vu-ke-hoach')).length).toBe(2);
  });

  it('gives the notify activity the texts of the version a message names, and the default ones for a version not there', async () => {
    const saved = await store.create({ ...input, name: 'Mẫu có lời văn', messages: { overdue: { subject: 'Chậm {soNgayQuaHan} ngày: {tenNhiemVu}' } } }, admin);
    const activities = createNotificationActivities({ db: handle.db, directory: async () => testDirectory() });
    // Sent after its due date, the reminder reads as the overdue notice: the template's overdue texts apply.
    await activities.notify({ ...reminder(), key: 'k:mau', details: { template: `${saved.id}@1` } });
    await activities.notify({ ...reminder(), key: 'k:khong-co', details: { template: `${saved.id}@99` } });
    await activities.notify({ ...reminder(), key: 'k:mac-dinh' });
    const subjects = Object.fromEntries((await listOutbox(handle.db, { limit: 10 })).map((m) => [m.key, m.subject]));
    expect(subjects['k:mau']).toMatch(/^Chậm \d+ ngày: /);
    expect(subjects['k:khong-co']).toMatch(/^\[Quá hạn \d+ ngày\] /);
    expect(subjects['k:mac-dinh']).toBe(subjects['k:khong-co']);
  });
});
