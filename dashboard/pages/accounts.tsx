/** Tài khoản: accounts and their access tokens (admin). A new password or token is shown once. */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ActionForm, Empty, Field, Loading, PageError, Select, Table } from '../components';
import { vnTime } from '../format';
import { messageOf, useLoad } from '../load';
import { ROLE_NAMES } from '../names';
import { agencyName, jurisdictionName, useSession } from '../session';
import type { Role } from '../types';

type Token = { id: number; label: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
type Account = { id: number; name: string; role: Role; agency?: string; jurisdiction?: string; login: string | null; disabledAt: string | null; tokens: Token[] };

export function Accounts() {
  const { user, directory } = useSession();
  const { data, error, loading, reload } = useLoad(() => api<{ accounts: Account[] }>('/api/accounts'), []);
  const [secret, setSecret] = useState<string | null>(null);
  const [role, setRole] = useState<string>('agency');
  const [rowError, setRowError] = useState<string | null>(null);
  /** A row's action; its refusal is said above the list. */
  const run = (work: () => Promise<unknown>) => async () => {
    setRowError(null);
    try {
      await work();
    } catch (err) {
      setRowError(messageOf(err));
    }
  };
  if (user.role !== 'admin') return <PageError message="Chỉ quản trị hệ thống quản lý tài khoản." />;
  const needsAgency = role === 'agency' || role === 'desk';
  return (
    <section id="accounts" class="page">
      <h1>Tài khoản</h1>
      <p class="notice" role="status" hidden={!secret}>
        {secret ?? ''}
      </p>
      <ActionForm
        title="Thêm tài khoản"
        id="account-form"
        hint="Để trống mật khẩu: hệ thống tạo mật khẩu ngẫu nhiên và hiển thị một lần duy nhất. Cơ quan và bộ phận một cửa cần chọn đơn vị trong danh bạ."
        onSubmit={async (v, form) => {
          const created = await api<{ account: Account; password?: string }>('/api/accounts', {
            method: 'POST',
            body: {
              name: v.name ?? '',
              role: v.role ?? '',
              ...(v.login ? { login: v.login } : {}),
              ...(v.password ? { password: v.password } : {}),
              ...(needsAgency && v.agency ? { agency: v.agency } : {}),
              ...(!needsAgency && v.jurisdiction ? { jurisdiction: v.jurisdiction } : {}),
            },
          });
          setSecret(created.password ? `Mật khẩu của ${created.account.login ?? created.account.name} (chỉ hiển thị lần này): ${created.password}` : null);
          form.reset();
          reload();
        }}
        done="Đã thêm tài khoản."
      >
        <Field label="Họ tên" name="name" required />
        <Select label="Vai trò" name="role" value={role} onChange={setRole} options={Object.entries(ROLE_NAMES) as [string, string][]} />
        <Field label="Tên đăng nhập" name="login" />
        <Field label="Mật khẩu (không bắt buộc)" name="password" type="password" />
        {needsAgency ? (
          <Select label="Cơ quan" name="agency" required empty="— Chọn cơ quan —" options={(directory?.agencies ?? []).map((a) => [a.id, `${a.name} (${jurisdictionName(directory, a.jurisdiction)})`])} />
        ) : (
          <Select label="Đơn vị hành chính" name="jurisdiction" empty="— Theo danh bạ —" options={(directory?.jurisdictions ?? []).map((j) => [j.id, j.name])} />
        )}
      </ActionForm>
      <PageError message={error} />
      <p class="form-error" role="alert" hidden={!rowError}>
        {rowError ?? ''}
      </p>
      {loading && !data ? <Loading /> : null}
      {data && data.accounts.length === 0 ? <Empty>Chưa có tài khoản nào.</Empty> : null}
      {data && data.accounts.length > 0 ? (
        <Table id="account-list" caption="Tài khoản">
          <thead>
            <tr>
              <th>Họ tên</th>
              <th>Tên đăng nhập</th>
              <th>Vai trò</th>
              <th>Đơn vị</th>
              <th>Mã truy cập</th>
              <th>Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {data.accounts.map((a) => (
              <tr class={a.disabledAt ? 'done' : undefined}>
                <td>
                  {a.name}
                  {a.disabledAt ? <div class="sub">Đã khóa {vnTime(a.disabledAt)}</div> : null}
                </td>
                <td>{a.login ?? '—'}</td>
                <td>{ROLE_NAMES[a.role]}</td>
                <td>{[agencyName(directory, a.agency), jurisdictionName(directory, a.jurisdiction)].filter(Boolean).join(', ')}</td>
                <td>
                  {a.tokens.filter((t) => !t.revokedAt).map((t) => (
                    <div>
                      {t.label ?? `#${t.id}`}{' '}
                      <button
                        type="button"
                        class="link"
                        onClick={run(async () => {
                          await api(`/api/tokens/${t.id}`, { method: 'DELETE' });
                          reload();
                        })}
                      >
                        Thu hồi
                      </button>
                    </div>
                  ))}
                </td>
                <td>
                  {!a.disabledAt ? (
                    <div class="row-actions">
                      <button
                        type="button"
                        class="link"
                        onClick={run(async () => {
                          const t = await api<{ token: string; label: string }>(`/api/accounts/${a.id}/tokens`, { method: 'POST', body: { label: `Cấp ngày ${new Date().toLocaleDateString('vi-VN')}` } });
                          setSecret(`Mã truy cập của ${a.name} (chỉ hiển thị lần này): ${t.token}`);
                          reload();
                        })}
                      >
                        Cấp mã truy cập
                      </button>
                      {a.login ? (
                        <button
                          type="button"
                          class="link"
                          onClick={run(async () => {
                            const r = await api<{ password?: string }>(`/api/accounts/${a.id}/password`, { method: 'POST', body: {} });
                            setSecret(`Mật khẩu mới của ${a.login} (chỉ hiển thị lần này): ${r.password ?? ''}`);
                          })}
                        >
                          Đặt lại mật khẩu
                        </button>
                      ) : null}
                      {a.id !== user.id ? (
                        <button
                          type="button"
                          class="link danger"
                          onClick={run(async () => {
                            if (!confirm(`Khóa tài khoản ${a.name}?`)) return;
                            await api(`/api/accounts/${a.id}/disable`, { method: 'POST', body: {} });
                            reload();
                          })}
                        >
                          Khóa
                        </button>
                      ) : null}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}
