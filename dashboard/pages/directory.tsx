/**
 * Danh bạ cơ quan: the directory as a form (admin). Agencies are added, edited and removed here;
 * groups and jurisdictions are listed with their members. Saving sends the whole directory; the
 * server checks that it holds together and names each field that does not.
 */
import { useState } from 'preact/hooks';
import { api, RequestError } from '../api';
import { ActionForm, Empty, Field, Loading, PageError, Select, Table, TextArea } from '../components';
import { messageOf, useLoad } from '../load';
import { jurisdictionName, useSession } from '../session';
import type { Agency, Directory } from '../types';

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** "Nguyễn Văn A <a@x.vn>, Trưởng phòng" → a contact. */
function contact(line: string): { name: string; email: string; title?: string } {
  const m = /^(.*?)<([^>]+)>\s*,?\s*(.*)$/.exec(line);
  if (!m) return { name: line, email: line };
  return { name: m[1]!.trim() || m[2]!.trim(), email: m[2]!.trim(), ...(m[3]!.trim() ? { title: m[3]!.trim() } : {}) };
}
const contactLine = (c: { name: string; email: string; title?: string }) => `${c.name} <${c.email}>${c.title ? `, ${c.title}` : ''}`;

/** Lowercase ascii words joined by dashes, for a new agency's id. */
function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function AgencyForm({ directory, agency, onSave }: { directory: Directory; agency: Agency | null; onSave: (a: Agency) => Promise<void> }) {
  return (
    <ActionForm
      title={agency ? `Sửa: ${agency.name}` : 'Thêm cơ quan'}
      id="agency-form"
      key={agency?.id ?? 'new'}
      hint="Người liên hệ: mỗi dòng một người, dạng “Họ tên <thư điện tử>, chức vụ”."
      onSubmit={(v) =>
        onSave({
          id: agency?.id ?? (v.id || slugOf(v.name ?? '')),
          name: v.name ?? '',
          jurisdiction: v.jurisdiction ?? '',
          aliases: lines(v.aliases),
          contacts: { officer: lines(v.officers).map(contact), head: lines(v.heads).map(contact) },
          digest: v.digest === 'on',
          ...(v.note ? { note: v.note } : {}),
        })
      }
      done="Đã lưu danh bạ."
    >
      <Field label="Tên cơ quan" name="name" required value={agency?.name} />
      {agency ? null : <Field label="Mã (để trống: tạo từ tên)" name="id" />}
      <Select label="Đơn vị hành chính" name="jurisdiction" required value={agency?.jurisdiction} options={directory.jurisdictions.map((j) => [j.id, j.name])} />
      <TextArea label="Tên gọi khác (mỗi dòng một tên)" name="aliases" value={agency?.aliases.join('\n')} />
      <TextArea label="Cán bộ theo dõi" name="officers" value={agency?.contacts.officer.map(contactLine).join('\n')} />
      <TextArea label="Thủ trưởng" name="heads" value={agency?.contacts.head.map(contactLine).join('\n')} />
      <label class="field checkbox">
        <input type="checkbox" name="digest" checked={agency?.digest} /> <span>Gửi một thư tổng hợp mỗi ngày</span>
      </label>
    </ActionForm>
  );
}

export function DirectoryEditor() {
  const { user, refreshDirectory } = useSession();
  const { data, error, loading, reload } = useLoad(() => api<Directory>('/api/directory'), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  if (user.role !== 'admin') return <PageError message="Chỉ quản trị hệ thống sửa danh bạ." />;

  const save = async (next: Directory) => {
    setSaveError(null);
    try {
      await api('/api/directory', { method: 'PUT', body: next });
      setEditing(null);
      reload();
      refreshDirectory();
    } catch (err) {
      const problems = err instanceof RequestError && Array.isArray(err.details.problems) ? ` ${(err.details.problems as string[]).join(' ')}` : '';
      throw new RequestError(err instanceof RequestError ? err.status : 0, `${messageOf(err)}${problems && !messageOf(err).includes(problems.trim()) ? problems : ''}`);
    }
  };
  const upsert = (d: Directory) => async (a: Agency) => {
    const exists = d.agencies.some((x) => x.id === a.id);
    await save({ ...d, agencies: exists ? d.agencies.map((x) => (x.id === a.id ? a : x)) : [...d.agencies, a] });
  };
  const remove = async (d: Directory, a: Agency) => {
    if (!confirm(`Xóa ${a.name} khỏi danh bạ?`)) return;
    try {
      await save({ ...d, agencies: d.agencies.filter((x) => x.id !== a.id), groups: d.groups.map((g) => ({ ...g, members: g.members.filter((m) => m !== a.id) })) });
    } catch (err) {
      setSaveError(messageOf(err));
    }
  };

  const shown = (data?.agencies ?? []).filter((a) => !filter || a.name.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section id="directory" class="page">
      <h1>Danh bạ cơ quan</h1>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <AgencyForm directory={data} agency={data.agencies.find((a) => a.id === editing) ?? null} onSave={upsert(data)} />
          {editing ? (
            <button type="button" class="secondary" onClick={() => setEditing(null)}>
              Thôi sửa, thêm cơ quan mới
            </button>
          ) : null}
          <p class="form-error" role="alert" hidden={!saveError}>
            {saveError ?? ''}
          </p>
          <h2>Cơ quan ({data.agencies.length})</h2>
          <label class="field">
            <span>Tìm theo tên</span>
            <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
          </label>
          {shown.length === 0 ? (
            <Empty>{filter ? 'Không có cơ quan nào có tên như vậy.' : 'Danh bạ chưa có cơ quan nào.'}</Empty>
          ) : (
            <Table id="agency-list" caption="Cơ quan">
              <thead>
                <tr>
                  <th>Tên</th>
                  <th>Đơn vị hành chính</th>
                  <th>Liên hệ</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => (
                  <tr>
                    <td>
                      {a.name}
                      {a.aliases.length ? <div class="sub">{a.aliases.join('; ')}</div> : null}
                    </td>
                    <td>{jurisdictionName(data, a.jurisdiction)}</td>
                    <td>
                      {[...a.contacts.officer, ...a.contacts.head].map((c) => (
                        <div class="sub">{contactLine(c)}</div>
                      ))}
                    </td>
                    <td class="row-actions">
                      <button type="button" class="link" onClick={() => setEditing(a.id)}>
                        Sửa
                      </button>
                      <button type="button" class="link danger" onClick={() => remove(data, a)}>
                        Xóa
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <h2>Nhóm cơ quan ({data.groups.length})</h2>
          <ul class="groups">
            {data.groups.map((g) => (
              <li>
                <strong>{g.name}</strong> ({jurisdictionName(data, g.jurisdiction)}): {g.members.map((m) => data.agencies.find((a) => a.id === m)?.name ?? m).join(', ')}
              </li>
            ))}
          </ul>
          <h2>Đơn vị hành chính</h2>
          <ul>
            {data.jurisdictions.map((j) => (
              <li>
                {j.name}
                {j.parent ? ` (thuộc ${jurisdictionName(data, j.parent)})` : ''} — Văn phòng: {data.agencies.find((a) => a.id === j.monitor)?.name ?? j.monitor}; Chủ tịch: {j.chair.name}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
