/**
 * One error shape for every answer that is not a success: `{ error: "<Vietnamese>", ... }`, with
 * the status that fits. Client mistakes are 4xx; only a fault of the server is a 5xx.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isGrpcServiceError, QueryNotRegisteredError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { z, ZodError } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FileInputError } from '../domain/onestop/file';
import { ImportError } from '../domain/import/types';
import { DirectoryProblemsError } from '../storage/directory';
import { AuthError } from './auth';

// Zod's own messages (type errors, missing fields) in Vietnamese, like the schemas' custom ones.
z.config(z.locales.vi());

/** A refusal the API means to give, with its status and any extra fields (problems, differing fields). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NOT_FOUND = 'Không tìm thấy.';

export function notFound(message = NOT_FOUND): ApiError {
  return new ApiError(404, message);
}

/** Fastify's own errors (parsing, limits, routing), in Vietnamese. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'Kiểu nội dung (Content-Type) không được hỗ trợ: gửi JSON (application/json), hoặc tệp (application/octet-stream, text/csv) với các đường dẫn nhận tệp.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Nội dung gửi lên vượt quá giới hạn cho phép của đường dẫn này.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Độ dài nội dung không khớp với tiêu đề Content-Length.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Thân yêu cầu trống trong khi Content-Type là application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Thân yêu cầu không phải JSON hợp lệ.',
  FST_ERR_BAD_URL: 'Đường dẫn không hợp lệ.',
  FST_ERR_MAX_PARAM_LENGTH: 'Đường dẫn có tham số quá dài.',
  FST_ERR_ASYNC_CONSTRAINT: 'Yêu cầu không hợp lệ.',
};

/** What a request part must be, when it is not even of the right kind. */
const WHOLE_INPUT: Record<string, string> = {
  body: 'Thân yêu cầu phải là một đối tượng JSON (application/json) theo mô tả của đường dẫn.',
  querystring: 'Tham số truy vấn không hợp lệ.',
  params: 'Đường dẫn không hợp lệ.',
};

export type ErrorAnswer = { statusCode: number; body: { error: string } & Record<string, unknown>; log: boolean; headers?: Record<string, string> };

export const TEMPORAL_UNAVAILABLE =
  'Hệ thống tạm thời chưa xử lý được yêu cầu: máy chủ quy trình đang khởi động lại hoặc quá tải. Vui lòng kiểm tra lại trạng thái và thử lại sau ít phút.';

/** The answer for an error thrown while serving a request. `log` is true for server faults only. */
export function answerFor(err: unknown): ErrorAnswer {
  if (err instanceof ApiError) return { statusCode: err.statusCode, body: { error: err.message, ...err.extra }, log: false };
  if (err instanceof AuthError) return { statusCode: err.statusCode, body: { error: err.message }, log: false };
  // A route's schema refused the request (params, query or body), at the edge: each field named as zod's own errors are.
  if (hasZodFastifySchemaValidationErrors(err)) {
    const whole = WHOLE_INPUT[(err as { validationContext?: string }).validationContext ?? ''] ?? '';
    const fields = err.validation.map((v) => {
      if (v.instancePath.length > 1) return `${v.instancePath.slice(1).replaceAll('/', '.')}: ${v.message}`;
      return v.keyword === 'invalid_type' && whole ? whole : v.message;
    });
    return { statusCode: 400, body: { error: [...new Set(fields)].join('; ') }, log: false };
  }
  if (err instanceof ZodError) {
    return { statusCode: 400, body: { error: err.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ') }, log: false };
  }
  if (err instanceof FileInputError) return { statusCode: 400, body: { error: err.message, problems: err.problems }, log: false };
  if (err instanceof ImportError) return { statusCode: 422, body: { error: err.message, problems: err.problems }, log: false };
  if (err instanceof DirectoryProblemsError) return { statusCode: 400, body: { error: err.message, problems: err.problems }, log: false };
  if (err instanceof WorkflowNotFoundError || isUnregisteredQuery(err)) return { statusCode: 404, body: { error: NOT_FOUND }, log: false };
  const e = err as Partial<FastifyError> & { name?: string };
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e.name === 'SyntaxError' && e.statusCode === 400)) {
    return { statusCode: 400, body: { error: FRAMEWORK_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY! }, log: false };
  }
  if (typeof e.code === 'string' && FRAMEWORK_MESSAGES[e.code]) {
    return {
      statusCode: e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 400,
      body: { error: FRAMEWORK_MESSAGES[e.code]! },
      log: false,
    };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return { statusCode: e.statusCode, body: { error: 'Yêu cầu không hợp lệ.' }, log: false };
  if (temporalUnavailable(err)) return { statusCode: 503, body: { error: TEMPORAL_UNAVAILABLE }, log: true, headers: { 'retry-after': '30' } };
  return { statusCode: 500, body: { error: 'Lỗi máy chủ.' }, log: true };
}

/** gRPC codes for "not now": the server or a worker did not answer in time, or could not be reached. */
const NOT_NOW = new Set([4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);

/**
 * Temporal could not answer now: its server is unreachable or overloaded, or no worker answered a
 * query in time (workers restarting). A server fault, but a passing one: the client is told to look
 * and try again (an Update that timed out may still be applied; a one-stop intake retried is not
 * doubled, its workflow id is the file's code).
 */
function temporalUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (isGrpcServiceError(e) && NOT_NOW.has(e.code)) return true;
  }
  return false;
}

/**
 * A query the workflow does not have (a task's query sent to a file's workflow). The client reports
 * every INVALID_ARGUMENT as QueryNotRegisteredError, also a workflow that failed to replay: that one
 * is the server's fault and stays a 500.
 */
function isUnregisteredQuery(err: unknown): boolean {
  return err instanceof QueryNotRegisteredError && /did not register a handler for/i.test(err.message);
}

/** Fastify's error handler and frameworkErrors hook, in one shape. */
export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = answerFor(err);
  if (answer.log) request.log.error({ err }, 'request failed');
  if (answer.headers) void reply.headers(answer.headers);
  return reply.code(answer.statusCode).type('application/json; charset=utf-8').send(answer.body);
}
