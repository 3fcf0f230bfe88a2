import { describe, expect, it } from 'vitest';
import { resolveRecipients, findAgency } from '../../domain/messages/recipients';
import { DirectorySchema } from '../../domain/directory';

const directory = DirectorySchema.parse({
  jurisdictions: [
    { id: 'thua-thien-hue', name: 'tỉnh Thừa Thiên Huế', monitor: 'vp-ubnd-tinh', chair: { name: 'Nguyễn Văn Phương', email: 'chutich@hue.gov.vn' } },
    { id: 'tuy-phuoc', name: 'huyện Tuy Phước', monitor: 'vp-tuy-phuoc', chair: { name: 'Lê Văn Huyện', email: 'chutich@tuyphuoc.gov.vn', title: 'Chủ tịch UBND huyện' } },
  ],
  agencies: [
    {
      id: 'vp-ubnd-tinh',
      name: 'Văn phòng UBND tỉnh',
      jurisdiction: 'thua-thien-hue',
      aliases: ['VP UBND tỉnh'],
      contacts: { officer: [{ name: 'Theo Dõi', email: 'theodoi@hue.gov.vn' }], head: [{ name: 'Chánh VP', email: 'chanh@hue.gov.vn' }] },
    },
    {
      id: 'so-tu-phap',
      name: 'Sở Tư pháp',
      jurisdiction: 'thua-thien-hue',
      contacts: { officer: [{ name: 'Văn Thư', email: 'vanthu@stp.gov.vn' }], head: [{ name: 'Giám Đốc', email: 'gd@stp.gov.vn' }] },
    },
    { id: 'so-noi-vu', name: 'Sở Nội vụ', jurisdiction: 'thua-thien-hue', digest: true, contacts: { head: [{ name: 'GĐ Nội vụ', email: 'gd@snv.gov.vn' }] } },
    { id: 'so-xay-dung', name: 'Sở Xây dựng', jurisdiction: 'thua-thien-hue' },
    { id: 'vp-tuy-phuoc', name: 'Văn phòng HĐND và UBND huyện', jurisdiction: 'tuy-phuoc' },
  ],
  groups: [{ id: 'cac-so', name: 'Các sở, ban, ngành cấp tỉnh', jurisdiction: 'thua-thien-hue', members: ['so-tu-phap', 'so-xay-dung', 'so-khong-co'] }],
});

describe('resolveRecipients', () => {
  it('finds an agency by name or alias, whatever the case and Unicode form', () => {
    for (const name of ['Văn phòng UBND tỉnh', 'vp ubnd TỈNH', '  VĂN PHÒNG   UBND tỉnh ', 'Văn phòng UBND tỉnh'.normalize('NFD')]) {
      const r = resolveRecipients(directory, [{ role: 'officer', agency: name }]);
      expect(r.contacts.map((c) => c.email), name).toEqual(['theodoi@hue.gov.vn']);
      expect(r.undeliverable).toEqual([]);
    }
    expect(findAgency(directory, 'Sở Tư Pháp')?.id).toBe('so-tu-phap');
  });

  it('maps head to the agency head and describes it as "Thủ trưởng …"', () => {
    const r = resolveRecipients(directory, [{ role: 'head', agency: 'Sở Tư pháp' }]);
    expect(r.contacts).toMatchObject([{ email: 'gd@stp.gov.vn', role: 'head', agencyId: 'so-tu-phap', agencyName: 'Sở Tư pháp', digest: false }]);
    expect(r.description).toBe('Thủ trưởng Sở Tư pháp');
  });

  it('maps monitor to the officer and head of the jurisdiction monitoring office', () => {
    const r = resolveRecipients(directory, [{ role: 'monitor', jurisdiction: 'thua-thien-hue' }]);
    expect(r.contacts.map((c) => c.email)).toEqual(['theodoi@hue.gov.vn', 'chanh@hue.gov.vn']);
    expect(r.description).toBe('Văn phòng UBND tỉnh');
  });

  it('maps chair to the jurisdiction chair, found by id or name', () => {
    const byId = resolveRecipients(directory, [{ role: 'chair', jurisdiction: 'tuy-phuoc' }]);
    expect(byId.contacts.map((c) => c.email)).toEqual(['chutich@tuyphuoc.gov.vn']);
    expect(byId.description).toBe('đồng chí Lê Văn Huyện, Chủ tịch UBND huyện');
    const byName = resolveRecipients(directory, [{ role: 'chair', jurisdiction: 'Tỉnh Thừa Thiên Huế' }]);
    expect(byName.description).toBe('đồng chí Nguyễn Văn Phương, Chủ tịch UBND tỉnh Thừa Thiên Huế');
  });

  it('reports an unknown agency, an agency without contacts and an unknown jurisdiction as undeliverable', () => {
    const r = resolveRecipients(directory, [
      { role: 'officer', agency: 'Sở Không Tồn Tại' },
      { role: 'officer', agency: 'Sở Xây dựng' },
      { role: 'monitor', jurisdiction: 'tuy-phuoc' },
      { role: 'chair', jurisdiction: 'ha-noi' },
      { role: 'officer', agency: 'Sở Tư pháp' },
    ]);
    expect(r.contacts.map((c) => c.email)).toEqual(['vanthu@stp.gov.vn']);
    expect(r.undeliverable.map((u) => [u.who, u.reason])).toEqual([
      ['Sở Không Tồn Tại', 'không tìm thấy “Sở Không Tồn Tại” trong danh bạ cơ quan'],
      ['Sở Xây dựng', 'Sở Xây dựng chưa có địa chỉ thư điện tử trong danh bạ'],
      ['Văn phòng HĐND và UBND huyện', 'Văn phòng HĐND và UBND huyện chưa có địa chỉ thư điện tử trong danh bạ'],
      ['Chủ tịch UBND (ha-noi)', 'không tìm thấy địa bàn “ha-noi” trong danh bạ'],
    ]);
    expect(r.description).toBe('Sở Tư pháp');
  });

  it('expands a group into its members, reporting the members it cannot reach', () => {
    const r = resolveRecipients(directory, [{ role: 'officer', agency: 'Các sở, ban, ngành cấp tỉnh' }]);
    expect(r.contacts.map((c) => c.email)).toEqual(['vanthu@stp.gov.vn']);
    expect(r.undeliverable.map((u) => u.who)).toEqual(['Sở Xây dựng', 'Các sở, ban, ngành cấp tỉnh (so-khong-co)']);
    expect(r.description).toBe('Các sở, ban, ngành cấp tỉnh');
  });

  it('uses the other role when the asked role has nobody, and says so', () => {
    const r = resolveRecipients(directory, [{ role: 'officer', agency: 'Sở Nội vụ' }]);
    expect(r.contacts).toMatchObject([{ email: 'gd@snv.gov.vn', role: 'head', digest: true }]);
    expect(r.fallbacks).toEqual([{ agency: 'Sở Nội vụ', wanted: 'officer', used: 'head' }]);
  });

  it('lists an address once when several recipients lead to it', () => {
    const r = resolveRecipients(directory, [
      { role: 'monitor', jurisdiction: 'thua-thien-hue' },
      { role: 'head', agency: 'VP UBND tỉnh' },
      { role: 'officer', agency: 'Văn phòng UBND tỉnh' },
    ]);
    expect(r.contacts.map((c) => c.email)).toEqual(['theodoi@hue.gov.vn', 'chanh@hue.gov.vn']);
    expect(r.description).toBe('Văn phòng UBND tỉnh; Thủ trưởng Văn phòng UBND tỉnh');
  });

  it('sends the notices of a lead kept as written to the monitoring office of the task, to assign it', () => {
    const r = resolveRecipients(directory, [{ role: 'officer', agency: 'Chủ tịch UBND các xã' }], { jurisdiction: 'thua-thien-hue' });
    expect(r.undeliverable).toEqual([]);
    expect(r.contacts.map((c) => c.email)).toEqual(['theodoi@hue.gov.vn', 'chanh@hue.gov.vn']);
    expect(r.toAssign).toEqual([{ asWritten: 'Chủ tịch UBND các xã', office: 'Văn phòng UBND tỉnh' }]);
    expect(r.description).toBe('Văn phòng UBND tỉnh (cơ quan theo dõi: đề nghị phân công cơ quan chủ trì thay cho “Chủ tịch UBND các xã”, chưa có trong danh bạ)');

    // An escalation naming the office and the head of an outside body: one office, named once with why.
    const escalation = resolveRecipients(
      directory,
      [
        { role: 'monitor', jurisdiction: 'thua-thien-hue' },
        { role: 'head', agency: 'Tập đoàn Bưu chính Viễn thông Việt Nam' },
      ],
      { jurisdiction: 'thua-thien-hue' },
    );
    expect(escalation.contacts.map((c) => c.email)).toEqual(['theodoi@hue.gov.vn', 'chanh@hue.gov.vn']);
    expect(escalation.description).toBe(
      'Văn phòng UBND tỉnh (cơ quan theo dõi: đề nghị phân công cơ quan chủ trì thay cho “Tập đoàn Bưu chính Viễn thông Việt Nam”, chưa có trong danh bạ)',
    );
    // Agencies and groups the directory knows are not rerouted.
    expect(resolveRecipients(directory, [{ role: 'officer', agency: 'Sở Tư pháp' }], { jurisdiction: 'thua-thien-hue' }).toAssign).toEqual([]);
  });

  it('a lead kept as written stays undeliverable, with the reason, when its office cannot be reached or no jurisdiction is known', () => {
    const noOffice = resolveRecipients(directory, [{ role: 'officer', agency: 'UBND các xã' }], { jurisdiction: 'tuy-phuoc' });
    expect(noOffice.contacts).toEqual([]);
    expect(noOffice.undeliverable.map((u) => u.reason)).toEqual([
      '“UBND các xã” không có trong danh bạ và Văn phòng HĐND và UBND huyện (cơ quan theo dõi, phân công) chưa có địa chỉ thư điện tử',
    ]);
    const unknown = resolveRecipients(directory, [{ role: 'officer', agency: 'UBND các xã' }]);
    expect(unknown.undeliverable.map((u) => u.reason)).toEqual(['không tìm thấy “UBND các xã” trong danh bạ cơ quan']);
  });

  it('takes the body of the task\'s own province when provinces built from the same structure share its name', () => {
    const two = DirectorySchema.parse({
      jurisdictions: [
        { id: 'a', name: 'Tỉnh A', monitor: 'a-vp', chair: { name: 'CT A', email: 'ct@a.example' } },
        { id: 'b', name: 'Tỉnh B', monitor: 'b-vp', chair: { name: 'CT B', email: 'ct@b.example' } },
        { id: 'b-x', name: 'Xã X', parent: 'b', monitor: 'bx-vp', chair: { name: 'CT X', email: 'ct@x.example' } },
      ],
      agencies: ['a', 'b'].flatMap((p) => [
        { id: `${p}-vp`, name: 'Văn phòng UBND tỉnh', jurisdiction: p, contacts: { officer: [{ name: 'VP', email: `vp@${p}.example` }] } },
        { id: `${p}-tc`, name: 'Sở Tài chính', jurisdiction: p, contacts: { officer: [{ name: 'TC', email: `tc@${p}.example` }] } },
      ]).concat([{ id: 'bx-vp', name: 'Văn phòng HĐND và UBND xã', jurisdiction: 'b-x', contacts: { officer: [{ name: 'VPX', email: 'vp@x.example' }] } }]),
      groups: ['a', 'b'].map((p) => ({ id: `${p}-so`, name: 'Các sở, ban, ngành tỉnh', jurisdiction: p, members: [`${p}-tc`] })),
    });
    const emails = (r: ReturnType<typeof resolveRecipients>) => r.contacts.map((c) => c.email);
    expect(emails(resolveRecipients(two, [{ role: 'officer', agency: 'Sở Tài chính' }], { jurisdiction: 'b' }))).toEqual(['tc@b.example']);
    expect(emails(resolveRecipients(two, [{ role: 'officer', agency: 'Văn phòng UBND tỉnh' }], { jurisdiction: 'b' }))).toEqual(['vp@b.example']);
    expect(emails(resolveRecipients(two, [{ role: 'officer', agency: 'Các sở, ban, ngành tỉnh' }], { jurisdiction: 'b' }))).toEqual(['tc@b.example']);
    // A commune's plan naming a department of its province.
    expect(emails(resolveRecipients(two, [{ role: 'officer', agency: 'Sở Tài chính' }], { jurisdiction: 'b-x' }))).toEqual(['tc@b.example']);
    expect(findAgency(two, 'Sở Tài chính', 'a')?.id).toBe('a-tc');
  });
});
