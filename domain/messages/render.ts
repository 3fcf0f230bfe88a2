/**
 * Renders one notification: Vietnamese subject, plain-text part and HTML part. Pure: the same
 * request gives the same message, whatever the clock or the host.
 */
import { NotifyRequestSchema, type NotifyRequest } from '../notification';
import { layOut, type Block, type MessageDocument, type RenderedMessage } from './layout';
import { detailFacts, subjectFacts, taskLink, vocabularyOf } from './facts';
import { MessageInputError, TEMPLATES, type ParsedRequest, type TemplateKind } from './templates';

export type { RenderedMessage } from './layout';
export { MessageInputError } from './templates';

export const DEFAULT_DASHBOARD_URL = 'http://127.0.0.1:3000';

export type RenderOptions = {
  /** Base of the links to act on a task; DASHBOARD_URL in the environment. */
  dashboardUrl?: string;
};

export const FOOTER_NOTICE = 'Thư này được gửi tự động từ hệ thống theo dõi, đôn đốc nhiệm vụ dondoc. Vui lòng không trả lời thư này.';

/** Validates a request and fills its defaults; throws MessageInputError saying which field is wrong. */
export function parseNotifyRequest(input: NotifyRequest): ParsedRequest {
  const parsed = NotifyRequestSchema.safeParse(input);
  if (!parsed.success) {
    const key = typeof (input as { key?: unknown })?.key === 'string' ? (input as { key: string }).key : '(no key)';
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    throw new MessageInputError(`invalid notify request "${key}": ${issues}`);
  }
  return parsed.data;
}

/**
 * @param recipientsDescription who the message is addressed to, in Vietnamese ("Thủ trưởng Sở Tư pháp").
 */
export function renderMessage(request: NotifyRequest, recipientsDescription: string, options: RenderOptions = {}): RenderedMessage {
  const parsed = parseNotifyRequest(request);
  if (parsed.kind === 'daily_digest') {
    throw new MessageInputError(`a 'daily_digest' message lists queued items: render it with renderDigest (message key "${parsed.key}")`);
  }
  const dashboardUrl = (options.dashboardUrl ?? DEFAULT_DASHBOARD_URL).replace(/\/+$/, '');
  const taskUrl = taskLink(dashboardUrl, parsed.subject.workflowId);
  const parts = TEMPLATES[parsed.kind as TemplateKind]({ request: parsed, taskUrl, dashboardUrl });
  const rows = [
    ...subjectFacts(parsed.subject, parsed.asOf, vocabularyOf(parsed.kind, parsed.details.failedKind)),
    ...detailFacts(parsed.details, parts.detailsShown),
  ];
  const blocks: Block[] = [...parts.opening, { type: 'facts', rows }, { type: 'action', ...parts.action }];
  const doc: MessageDocument = {
    subject: parts.subject,
    greeting: `Kính gửi: ${recipientsDescription.trim() || 'quý cơ quan'}.`,
    blocks,
    footer: [FOOTER_NOTICE, `Mã thông báo: ${parsed.key}`],
  };
  return layOut(doc);
}
