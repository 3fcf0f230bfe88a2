/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (@fastify/swagger with the zod
 * type provider's transforms), served at `GET /api/openapi.json`, and a browsable page at
 * `/api/docs` (@fastify/swagger-ui, its scripts and styles served from 'self'). Both are public.
 * The document lists the versioned paths (/api/v1/…); the unversioned aliases are hidden.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { documentTransform, registerComponents } from './json-schema';
import { CSRF_HEADER, isMutating, SESSION_COOKIE } from '../auth';
import type { AccessRule } from './access-rules';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PREFIX = '/api/docs';
export const API_V1 = '/api/v1';
/** Today's paths, kept as aliases of /api/v1 until the dashboard moves. */
export const API_ALIAS = '/api';

/** Security requirements, by how a route is called: a token, or a session cookie with its CSRF header on changes. */
type Security = Record<string, string[]>[];
export const SIGNED_IN: Security = [{ bearer: [] }, { session: [] }];
export const SIGNED_IN_CHANGE: Security = [{ bearer: [] }, { session: [], csrf: [] }];

const DESCRIPTION = `API của dondoc: nhiệm vụ, hồ sơ một cửa, thư đã gửi, tài khoản, nhật ký.

**Xác thực.** Hệ thống khác gửi \`Authorization: Bearer <mã truy cập>\`. Người dùng bảng theo dõi đăng nhập (\`POST /api/v1/session\`) và nhận cookie \`${SESSION_COOKIE}\`; mọi yêu cầu thay đổi dữ liệu bằng cookie phải kèm tiêu đề \`${CSRF_HEADER}\`.

**Lỗi.** Mọi lỗi có dạng \`{ "error": "<lý do bằng tiếng Việt, nêu tên trường>" }\`: 400 (dữ liệu gửi lên), 401, 403, 404 (cả với dữ liệu tài khoản không được xem), 409 (xung đột), 413, 415, 422 (quy tắc nghiệp vụ từ chối, kèm lý do), 429.

**Danh sách.** Mọi danh sách trả về \`{ <mục>: [...], next?: "<con trỏ>" }\`; gửi \`cursor=<next>\` để đọc trang sau. Danh sách được lọc ở máy chủ theo phạm vi của tài khoản.

**Phiên bản.** Đường dẫn \`/api/v1/…\`; các đường dẫn \`/api/…\` cũ là bí danh, sẽ bỏ khi bảng theo dõi chuyển sang v1.`;

/** dondoc's version, as package.json gives it. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Hides from the document the alias registration's routes and the routes without a contract (the dashboard's pages and files); an onRoute hook. */
export function hideAliases(route: RouteOptions & { prefix?: string }): void {
  if (route.prefix === API_ALIAS || route.schema === undefined) route.schema = { ...route.schema, hide: true };
}

/** Registers the generator and the page; call before the routes are registered. */
export function registerOpenApi(app: FastifyInstance, version: string = packageVersion()): void {
  registerComponents();
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'dondoc API', version, description: DESCRIPTION },
      servers: [],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Mã truy cập của hệ thống (một cửa, tập lệnh), cấp bởi quản trị viên.' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Phiên đăng nhập bảng theo dõi (POST /api/v1/session).' },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: CSRF_HEADER,
            description: 'Mã chống giả mạo của phiên, bắt buộc với yêu cầu thay đổi dữ liệu bằng cookie.',
          },
        },
      },
    },
    transform: documentTransform(),
    transformObject: createJsonSchemaTransformObject({}),
  });
  void app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { validatorUrl: null } as never,
    // The page's scripts and stylesheets come from 'self' as everywhere; its script also sets inline
    // styles, allowed on the docs page only (never inline scripts).
    // (The letters' style hashes are dropped here: a hash in the list would disable 'unsafe-inline'.)
    transformStaticCSP: (header: string) => header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"),
  });
  app.get(OPENAPI_PATH, { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
}

/** Each operation's security requirement, from its access rule (an onRoute hook, after the rule is checked). */
export function documentSecurity(route: RouteOptions): void {
  const rule = (route.config as { access?: AccessRule } | undefined)?.access;
  if (rule === undefined || route.schema === undefined || route.schema.hide || 'security' in route.schema) return;
  const changes = [route.method].flat().some((m) => isMutating(m));
  route.schema = { ...route.schema, security: rule === 'public' ? [] : changes ? SIGNED_IN_CHANGE : SIGNED_IN };
}

/** The docs page's own routes are public (they are registered by the plugin, without our config). */
export function markDocsPublic(route: RouteOptions): void {
  if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) route.config = { ...route.config, access: 'public' };
}
