/**
 * notify() for a ladder level that names an account (a template's "tài khoản được chỉ định"),
 * against a real SMTP server: the account's address, else the monitoring office with the reason;
 * levels naming a role are untouched.
 */
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createNotificationActivities } from '../activities/notifications';
import { TemplateStore, type TemplateVersion } from '../storage/templates';
import { UserStore } from '../storage/accounts';
import { ADDR, REMINDER_DAY_MORNING, reminder, startSmtpServer, testDirectory, type TestSmtp } from './notifications.support';
import { useOutboxDatabase } from './notifications.database';
import type { NotifyRequest } from '../domain/notification';

const db = useOutboxDatabase();
const admin = { name: 'Quản trị hệ thống', role: 'admin' as const };
let smtp: TestSmtp;

beforeEach(async () => {
  smtp = await startSmtpServer();
  await sql`truncate accounts, templates cascade`.execute(db());
});
afterEach(async () => {
  await smtp.close();
});

const activities = () =>
  createNotificationActivities({
    directory: async () => testDirectory(),
    db: db(),
    config: { smtpUrl: smtp.url, tlsRejectUnauthorized: true, from: 'dondoc@hue.gov.vn', dashboardUrl: 'https://dondoc.hue.gov.vn' },
    logger: pino({ level: 'silent' }),
    now: () => REMINDER_DAY_MORNING,
  });

async function templateNaming(login: string): Promise<TemplateVersion> {
  return new TemplateStore(db()).create(
    {
      name: `Mẫu gửi ${login}`,
      category: 'Nhiệm vụ UBND tỉnh giao',
      escalation: [
        { level: 1, afterWorkingDays: 1, to: 'head', repeatEveryWorkingDays: 3 },
        { level: 2, afterWorkingDays: 3, to: 'account', account: login, repeatEveryWorkingDays: 3 },
      ],
    },
    admin,
  );
}

/** Level `level` of a task following `version`, as the workflow sends it (an account's level is timed as the office's). */
function escalation(version: TemplateVersion, level: number): NotifyRequest {
  return reminder({
    key: `task:x:1:escalation:${level}:${version.id}`,
    kind: 'escalation',
    level,
    to:
      level === 1
        ? [{ role: 'head', agency: 'Sở Tư pháp' }]
        : [
            { role: 'monitor', jurisdiction: 'thua-thien-hue' },
            { role: 'head', agency: 'Sở Tư pháp' },
          ],
    details: { jurisdiction: 'thua-thien-hue', template: `${version.id}@${version.version}` },
  });
}

describe('a level naming an account', () => {
  it("goes to the account's address alone; a level naming a role is unchanged", async () => {
    await new UserStore(db()).create({
      name: 'Lê Thị Lãnh Đạo',
      role: 'monitor',
      jurisdiction: 'thua-thien-hue',
      login: 'lanhdao.vp',
      email: 'LanhDao@VPUBND.hue.gov.vn',
    });
    const version = await templateNaming('lanhdao.vp');
    const result = await activities().notify(escalation(version, 2));
    expect(result).toMatchObject({ status: 'sent', recipients: ['lanhdao@vpubnd.hue.gov.vn'] });
    expect(smtp.received.map((r) => r.to)).toEqual([['lanhdao@vpubnd.hue.gov.vn']]);
    expect(smtp.received[0]!.mail.text).toContain('Kính gửi: Lê Thị Lãnh Đạo (tài khoản lanhdao.vp)');
    expect(smtp.received[0]!.mail.text).not.toContain('Nơi nhận thay thế');

    await activities().notify(escalation(version, 1));
    expect(smtp.received[1]!.to).toEqual([ADDR.justiceHead]);
  });

  it('goes to the monitoring office, saying why, when the account has no address', async () => {
    await new UserStore(db()).create({ name: 'Phạm Văn Không Thư', role: 'monitor', jurisdiction: 'thua-thien-hue', login: 'khongthu.vp' });
    const version = await templateNaming('khongthu.vp');
    const result = await activities().notify(escalation(version, 2));
    expect(result.status).toBe('sent');
    expect(smtp.received.map((r) => r.to)).toEqual([[ADDR.monitorOfficer, ADDR.monitorHead]]);
    expect(smtp.received[0]!.mail.text).toContain(
      'Nơi nhận thay thế: Cấp 2 của mẫu nhắc việc gửi tài khoản “khongthu.vp” (Phạm Văn Không Thư), nhưng tài khoản chưa có địa chỉ thư điện tử; thông báo được gửi Văn phòng UBND thay.',
    );
  });
});
