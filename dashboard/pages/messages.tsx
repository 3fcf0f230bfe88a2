/** Thông báo: the messages dondoc sent to (or about) this account's unit, newest first, each readable as .eml. */
import { useState } from 'preact/hooks';
import { api, download, query } from '../api';
import { Empty, Loading, PageError, Table } from '../components';
import { vnTime } from '../format';
import { messageOf, useLoad } from '../load';
import { useSession } from '../session';
import type { OutboxEntry } from '../../storage/outbox';

const STATUS: Record<string, string> = {
  sending: 'Đang gửi',
  retrying: 'Đang gửi lại',
  sent: 'Đã gửi',
  failed: 'Gửi không thành công',
  queued: 'Chờ gửi trong thư tổng hợp hằng ngày',
  digested: 'Đã gửi trong thư tổng hợp',
  undeliverable: 'Không gửi được (thiếu địa chỉ)',
};

type Page = { messages: Omit<OutboxEntry, 'response'>[]; next?: string };

export function Messages() {
  const { user } = useSession();
  const [before, setBefore] = useState<string | undefined>(undefined);
  const { data, error, loading } = useLoad(() => api<Page>(`/api/outbox${query({ limit: 50, before })}`), [before]);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const open = (key: string) => download(`/api/outbox/message.eml${query({ key })}`, 'thong-bao.eml').catch((err) => setDownloadError(messageOf(err)));
  return (
    <section id="messages" class="page">
      <h1>{user.role === 'agency' ? 'Thông báo đã nhận' : 'Thông báo đã gửi'}</h1>
      <p class="hint">Thư nhắc hạn, báo quá hạn và báo cáo cấp trên mà dondoc đã gửi, mới nhất ở đầu. Tải tệp .eml để mở bằng chương trình thư điện tử.</p>
      <PageError message={error} />
      <p class="form-error" role="alert" hidden={!downloadError}>
        {downloadError ?? ''}
      </p>
      {loading && !data ? <Loading /> : null}
      {data && data.messages.length === 0 ? <Empty>{before ? 'Không còn thông báo cũ hơn.' : 'Chưa có thông báo nào gửi đến đơn vị của bạn.'}</Empty> : null}
      {data && data.messages.length > 0 ? (
        <Table id="message-list" caption="Thông báo">
          <thead>
            <tr>
              <th>Thời điểm</th>
              <th>Tiêu đề</th>
              <th>Gửi đến</th>
              <th>Tình trạng gửi</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.messages.map((m) => (
              <tr>
                <td>{vnTime(m.sentAt ?? m.createdAt)}</td>
                <td>{m.subject ?? '—'}</td>
                <td>{m.recipients.join(', ')}</td>
                <td>
                  {STATUS[m.status] ?? m.status}
                  {m.error ? <div class="sub">{m.error}</div> : null}
                </td>
                <td>
                  {m.hasEml ? (
                    <button type="button" class="link" onClick={() => open(m.key)}>
                      Tải thư (.eml)
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <nav class="pager" aria-label="Phân trang">
        {before ? (
          <button type="button" onClick={() => setBefore(undefined)}>
            ← Mới nhất
          </button>
        ) : null}
        {data?.next ? (
          <button type="button" onClick={() => setBefore(data.next)}>
            Cũ hơn →
          </button>
        ) : null}
      </nav>
    </section>
  );
}
