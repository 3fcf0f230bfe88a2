/**
 * Renders one notification: Vietnamese subject, plain-text part and HTML part. Pure: the same
 * request gives the same message, whatever the clock or the host.
 */
import { NotifyRequestSchema, type NotifyRequest } from '../notification';
import { layOut, type Block, type MessageDocument, type RenderedMessage } from './layout';
import { detailFacts, MissingCalendarError, subjectFacts, taskLink, vocabularyOf, type WorkingDayCounter } from './facts';
import { FILE_TEMPLATES } from './file-templates';
import { MessageInputError, TEMPLATES, type ParsedRequest, type Template, type TemplateKind } from './templates';
import { withTexts, type MessageTexts } from './custom-texts';

export type { RenderedMessage } from './layout';
export { MessageInputError } from './templates';

export const DEFAULT_DASHBOARD_URL = 'http://127.0.0.1:3000';

export type RenderOptions = {
  /** Base of the links to act on a task; DASHBOARD_URL in the environment. */
  dashboardUrl?: string;
  /**
   * The working-day calendar: a one-stop file's messages count working days with it (required for
   * them; the notify activity passes the current calendar).
   */
  calendar?: WorkingDayCounter;
  /** A task template's own texts (domain/templates): they replace the default subject, opening and action label of their kind. */
  texts?: MessageTexts;
};

export const FOOTER_NOTICE = 'Thư này được gửi tự động từ hệ thống theo dõi, đôn đốc dondoc. Vui lòng không trả lời thư này.';

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
  const vocabulary = vocabularyOf(parsed.kind, parsed.details.failedKind, parsed.subject);
  let parts, rows;
  try {
    parts = templateFor(parsed.kind as TemplateKind, vocabulary === 'file')({ request: parsed, taskUrl, dashboardUrl, calendar: options.calendar });
    if (options.texts && vocabulary === 'task') parts = withTexts(parts, parsed, options.texts);
    rows = [...subjectFacts(parsed.subject, parsed.asOf, vocabulary, options.calendar), ...detailFacts(parsed.details, parts.detailsShown)];
  } catch (error) {
    if (error instanceof MissingCalendarError) throw new MessageInputError(`${error.message} (message key "${parsed.key}")`);
    throw error;
  }
  const blocks: Block[] = [...parts.opening, { type: 'facts', rows }, { type: 'action', ...parts.action }];
  const doc: MessageDocument = {
    subject: parts.subject,
    greeting: `Kính gửi: ${recipientsDescription.trim() || 'quý cơ quan'}.`,
    blocks,
    footer: [FOOTER_NOTICE, `Mã thông báo: ${parsed.key}`],
  };
  return layOut(doc);
}

/** A file's own template where it has one (the monthly report and the rest keep the shared one). */
function templateFor(kind: TemplateKind, file: boolean): Template {
  const own = FILE_TEMPLATES[kind];
  if (own && (file || kind === 'apology_required' || kind === 'apology_overdue')) return own;
  const shared = (TEMPLATES as Partial<Record<TemplateKind, Template>>)[kind];
  if (!shared) throw new MessageInputError(`no template for '${kind}'`);
  return shared;
}
