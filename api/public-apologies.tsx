/**
 * The public page of apologies (/public/apologies, no sign-in): what the law asks to publish for 30
 * days, in the dashboard's look (its stylesheet, header, colours and fonts; a table that becomes
 * cards on a phone). The page has no script and no inline style: it passes the strict CSP as it is.
 * It is a Preact component rendered to a string on the server, so every value is escaped by Preact.
 */
import { z } from 'zod';
import { renderToString } from 'preact-render-to-string';
import { formatVietnamese, vietnamDateOf } from '../domain/dates';
import type { PublicApology } from '../domain/onestop/publication';
import { PublicationStore } from '../storage/onestop';
import type { Database } from '../storage';
import { download, errors, JurisdictionIdSchema } from './contract/schemas';
import type { ApiApp } from './server';

const TITLE = 'Công khai phiếu xin lỗi tổ chức, cá nhân do giải quyết hồ sơ trễ hẹn';
const COLUMNS = [
  'Số phiếu, ngày',
  'Cơ quan xin lỗi',
  'Mã hồ sơ',
  'Thủ tục hành chính',
  'Người nộp',
  'Ngày tiếp nhận',
  'Hẹn trả ban đầu',
  'Hẹn trả mới',
  'Lý do chậm trễ',
  'Công khai đến',
] as const;

const day = (iso: string) => formatVietnamese(vietnamDateOf(new Date(iso)));

function ApologyRow({ apology: a }: { apology: PublicApology }) {
  const cells = [
    <>
      {a.number}
      <div class="sub">{formatVietnamese(a.date)}</div>
    </>,
    a.agency,
    a.code,
    a.procedure,
    a.applicant,
    formatVietnamese(a.receivedOn),
    formatVietnamese(a.originalAppointment),
    <strong>{formatVietnamese(a.newAppointment)}</strong>,
    a.reason,
    day(a.until),
  ];
  return (
    <tr>
      {cells.map((content, i) => (
        <td data-label={COLUMNS[i]}>{content}</td>
      ))}
    </tr>
  );
}

function PublicApologies({ items, generatedAt }: { items: PublicApology[]; generatedAt: Date }) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{TITLE}</title>
        <link rel="stylesheet" href="/dashboard/styles.css" />
      </head>
      <body class="public-page">
        <header class="top">
          <span class="brand">dondoc</span>
          <span class="tagline">Cổng công khai của bộ phận tiếp nhận và trả kết quả</span>
        </header>
        <main id="main">
          <section id="public-apologies" class="page">
            <h1>{TITLE}</h1>
            <p class="lead">
              Các cơ quan giải quyết thủ tục hành chính công khai phiếu xin lỗi và ngày hẹn trả kết quả mới trong 30 ngày kể từ ngày gửi phiếu.
            </p>
            <p class="summary">
              Cập nhật ngày {day(generatedAt.toISOString())}; có {items.length} phiếu đang công khai.
            </p>
            {items.length === 0 ? (
              <p class="empty">Hiện không có phiếu xin lỗi nào đang được công khai.</p>
            ) : (
              <div class="table-wrap" role="region" aria-label="Danh sách phiếu xin lỗi" tabindex={0}>
                <table class="cards">
                  <thead>
                    <tr>
                      {COLUMNS.map((c) => (
                        <th scope="col">{c}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((a) => (
                      <ApologyRow apology={a} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </main>
      </body>
    </html>
  );
}

/** The public page, newest apology first. */
export function renderPublicApologies(items: PublicApology[], options: { generatedAt: Date }): string {
  const sorted = [...items].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a.code.localeCompare(b.code)));
  return `<!doctype html>${renderToString(<PublicApologies items={sorted} generatedAt={options.generatedAt} />)}`;
}

/** Registers the public page (outside /api/, no sign-in). */
export function registerPublicApologyRoutes(app: ApiApp, deps: { db: Database }): void {
  const publications = new PublicationStore(deps.db);
  app.get(
    '/public/apologies',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Trang công khai các phiếu xin lỗi (không cần đăng nhập).',
        tags: ['one-stop'],
        querystring: z.object({ jurisdiction: JurisdictionIdSchema.optional() }),
        response: { 200: download('text/html', 'Trang công khai (HTML).'), ...errors(400) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const items = await publications.list(q.jurisdiction ? { jurisdiction: q.jurisdiction } : {});
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(renderPublicApologies(items, { generatedAt: new Date() }));
    },
  );
}
