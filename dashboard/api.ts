/**
 * Requests as the signed-in account. A person's session is an HttpOnly cookie the page never sees;
 * its CSRF token stays in memory and goes with every request that changes something. A technical
 * account signs in with an access token instead: kept in this tab (sessionStorage) and sent as a
 * Bearer header. Every refusal becomes a RequestError carrying the server's Vietnamese message.
 */
import type { User } from './types';

const TOKEN_KEY = 'dondoc-token';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const SIGNED_OUT = 'Phiên đăng nhập đã kết thúc hoặc không còn hiệu lực. Vui lòng đăng nhập lại.';

/** The signed-in account and, for a cookie session, its CSRF token: in memory only. */
export const auth: { user: User | null; csrfToken: string | null } = { user: null, csrfToken: null };

export const bearer = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const keepToken = (token: string): void => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(TOKEN_KEY);

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra fields of the error answer (problems of an import, fields of a directory). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Called when any request answers 401: the session is over. */
let onSignedOut: (message: string) => void = () => undefined;
export function whenSignedOut(handler: (message: string) => void): void {
  onSignedOut = handler;
}

/** What to say when the server asks to wait (429) without saying why, with its Retry-After. */
export function waitMessage(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  const wait = Number.isFinite(seconds) && seconds > 0 ? (seconds < 120 ? `${Math.ceil(seconds)} giây` : `${Math.ceil(seconds / 60)} phút`) : 'ít phút';
  return `Có quá nhiều lần thử trong thời gian ngắn. Vui lòng chờ ${wait} rồi thử lại.`;
}

/** A status without a message of the server's own, said in words. */
function statusMessage(status: number): string {
  if (status === 404) return 'Không tìm thấy nội dung này, hoặc tài khoản không được xem.';
  if (status === 403) return 'Tài khoản này không được thực hiện thao tác này.';
  if (status >= 500) return 'Máy chủ đang gặp sự cố; vui lòng thử lại sau ít phút. Nếu vẫn lỗi, báo quản trị hệ thống.';
  return 'Yêu cầu chưa hợp lệ; vui lòng kiểm tra lại thông tin đã nhập.';
}

export type RequestOptions = { method?: string; body?: unknown; raw?: BodyInit; contentType?: string; quietSignOut?: boolean };

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.raw !== undefined) headers['content-type'] = options.contentType ?? 'application/octet-stream';
  const token = bearer();
  if (token) headers.authorization = `Bearer ${token}`;
  else if (MUTATING.has(method) && auth.csrfToken) headers['x-csrf-token'] = auth.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : options.raw !== undefined ? { body: options.raw } : {}),
    });
  } catch {
    throw new RequestError(0, 'Không kết nối được với máy chủ; kiểm tra mạng rồi thử lại.');
  }
  if (res.ok) return res;
  const answer = (await res.json().catch(() => ({}))) as { error?: unknown } & Record<string, unknown>;
  const message = typeof answer.error === 'string' ? answer.error : res.status === 429 ? waitMessage(res.headers.get('retry-after')) : statusMessage(res.status);
  const error = new RequestError(res.status, message, answer);
  if (res.status === 401 && !options.quietSignOut) onSignedOut(SIGNED_OUT);
  throw error;
}

/** A request whose answer is JSON (null for 204). */
export async function api<T>(path: string, options?: RequestOptions): Promise<T> {
  const res = await request(path, options);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** Downloads an authenticated file (XLSX, DOCX) under the name the server gives. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request(path);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A query string from the values that are set. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}
