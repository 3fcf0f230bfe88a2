/**
 * Mẫu nhiệm vụ: the list of templates (name, category, what they apply to, current version, retired
 * or not), for admins (who create and edit) and monitors (who read, preview and start tasks); and
 * the routes of the template pages under /admin/templates.
 */
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { Empty, Loading, PageError, Table } from '../components';
import { vnTime } from '../format';
import { useLoad } from '../load';
import { useSession } from '../session';
import { TemplateFormPage } from './template-form';
import { TemplatePage } from './template-page';
import { APPLIES_TO_NAMES, deadlineReading, templateHref, type ListedTemplate } from './template-shared';

/** /admin/templates, /admin/templates/new, /admin/templates/<id>, /admin/templates/<id>/edit. */
export function TemplatesRoute({ path, search }: { path: string; search: URLSearchParams }) {
  const rest = path.replace(/^\/admin\/templates\/?/, '');
  if (rest === '') return <TemplateList />;
  if (rest === 'new') return <TemplateFormPage id={null} />;
  const [id, action] = rest.split('/').map(decoded);
  if (!id) return <PageError message="Địa chỉ trang mẫu không hợp lệ." />;
  if (action === 'edit') return <TemplateFormPage id={id} />;
  return <TemplatePage id={id} search={search} />;
}

/** A part of the address as written; null when it is not valid percent-encoding. */
function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function TemplateList() {
  const { user } = useSession();
  const [retired, setRetired] = useState(false);
  const { data, error, loading } = useLoad(
    () => api<{ templates: ListedTemplate[] }>(`/api/templates${query({ includeRetired: retired ? 'true' : undefined })}`),
    [retired],
  );
  if (user.role !== 'admin' && user.role !== 'monitor') return <PageError message="Chỉ quản trị hệ thống và Văn phòng UBND được xem mẫu nhiệm vụ." />;
  return (
    <section id="templates" class="page">
      <h1>Mẫu nhiệm vụ</h1>
      <p class="lead">
        Mỗi mẫu nói một lần cách theo dõi một loại nhiệm vụ: thời hạn, nhắc việc, các cấp báo cáo khi quá hạn và nội dung thư. Nhiệm vụ nhập từ kế hoạch nhận
        mẫu theo quy tắc áp dụng.
      </p>
      <div class="filter-buttons">
        {user.role === 'admin' ? (
          <a class="button" href="/admin/templates/new" id="new-template">
            Tạo mẫu mới
          </a>
        ) : null}
        <label class="field checkbox">
          <input type="checkbox" name="includeRetired" checked={retired} onChange={(e) => setRetired(e.currentTarget.checked)} /> Hiện cả mẫu đã ngừng sử dụng
        </label>
      </div>
      <PageError message={error} />
      {loading && !data ? <Loading /> : null}
      {data && data.templates.length === 0 ? <Empty>Chưa có mẫu nào.</Empty> : null}
      {data && data.templates.length > 0 ? (
        <Table id="template-list" caption="Các mẫu nhiệm vụ" class="cards">
          <thead>
            <tr>
              <th>Tên mẫu</th>
              <th>Nhóm</th>
              <th>Áp dụng cho</th>
              <th>Thời hạn</th>
              <th>Phiên bản</th>
              <th>Lưu lần cuối</th>
              <th>Tình trạng</th>
            </tr>
          </thead>
          <tbody>
            {data.templates.map((t) => (
              <tr class={t.retiredAt ? 'done' : undefined}>
                <td data-label="Tên mẫu">
                  <a href={templateHref(t.id)}>{t.template.name}</a>
                  {t.template.fallback ? <div class="sub">Mẫu chung khi không mẫu nào khác khớp</div> : null}
                </td>
                <td data-label="Nhóm">{t.template.category}</td>
                <td data-label="Áp dụng cho">{APPLIES_TO_NAMES[t.template.appliesTo]}</td>
                <td data-label="Thời hạn">{deadlineReading(t)}</td>
                <td data-label="Phiên bản">
                  {t.version}
                  {t.versions > 1 ? <span class="sub"> ({t.versions} phiên bản)</span> : null}
                </td>
                <td data-label="Lưu lần cuối">
                  {t.savedBy}, {vnTime(t.savedAt)}
                </td>
                <td data-label="Tình trạng">
                  {t.retiredAt ? (
                    <span class="status tone-plain">Ngừng sử dụng từ {vnTime(t.retiredAt)}</span>
                  ) : (
                    <span class="status tone-good">Đang sử dụng</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </section>
  );
}
