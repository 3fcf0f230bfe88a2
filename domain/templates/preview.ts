/**
 * What a template would do to one sample task: every reminder, status change and escalation with
 * its date, its recipients and the message as it would be rendered. Built on the same agenda
 * (domain/agenda.ts), recipients (domain/catch-up.ts) and renderer (domain/messages) as the task
 * workflow, so the preview and the workflow agree message for message. Pure; nothing is saved.
 */
import { addDays, vietnamInstant, type IsoDate } from '../dates';
import { agenda, type AgendaAction, type WorkingDays } from '../agenda';
import { taskRecipients } from '../catch-up';
import type { Directory } from '../directory';
import type { MessageKind, NotifyRequest, Recipient } from '../notification';
import { DEFAULT_POLICY, TaskPolicySchema, type TaskPolicy } from '../policy';
import { renderMessage } from '../messages/render';
import { describeRecipient, resolveRecipients } from '../messages/recipients';
import { LEVEL_RECIPIENT_NAMES, type Template } from './schema';
import { templateRefText, type TemplateRef } from './policy';

/** The task the preview follows: one lead agency, one due date. */
export type SampleTask = {
  /** The workflow id the messages would carry (their key and link); a made-up one by default. */
  workflowId?: string;
  planTitle: string | null;
  title: string;
  product: string | null;
  lead: string;
  deadlineText: string | null;
  explanation: string | null;
  /** Directory id of the jurisdiction whose monitoring office and chair are escalated to. */
  jurisdiction: string;
};

export type PreviewEntry = {
  /** ISO instant. */
  at: string;
  /** Vietnam date. */
  date: IsoDate;
  type: 'reminder' | 'due_today' | 'status' | 'overdue' | 'escalation';
  /** The message key the workflow would send it under (none for a status change). */
  key: string | null;
  status?: 'due_soon' | 'overdue';
  level?: number;
  repeat?: number;
  recipients: Recipient[];
  /** The "Kính gửi" line: who it goes to, in Vietnamese. */
  to: string;
  /** One line for people. */
  summary: string;
  message: { subject: string; text: string; html: string } | null;
};

export type PreviewOptions = {
  /** Last date listed (escalation repeats go on until acknowledged); default 60 days after due. */
  until?: IsoDate;
  /** Resolves recipients as a send would ("Kính gửi" line); without it they are named by role. */
  directory?: Directory;
  dashboardUrl?: string;
  /** The saved template the messages would name (their texts are the template's either way). */
  ref?: TemplateRef;
};

const PREVIEW_WORKFLOW_ID = 'task:xem-truoc:1';

/**
 * The agenda's policy for a template: its timing. A level to a named account is timed like any
 * other; its recipient is the account (domain/templates/policy.ts says why it cannot be sent yet).
 */
function timingPolicy(template: Template): TaskPolicy {
  return TaskPolicySchema.parse({
    ...DEFAULT_POLICY,
    reminderOffsets: template.reminders.workingDaysBefore,
    officeHour: template.reminders.hour,
    escalation: template.escalation.map((s) => ({
      level: s.level,
      afterWorkingDays: s.afterWorkingDays,
      to: s.to === 'account' || s.to === undefined ? 'monitor' : s.to,
      requireAck: s.requireAck,
      repeatEveryWorkingDays: s.repeatEveryWorkingDays,
    })),
  });
}

export function previewTemplate(
  template: Template,
  sample: SampleTask,
  due: IsoDate,
  start: IsoDate,
  calendar: WorkingDays,
  options: PreviewOptions = {},
): PreviewEntry[] {
  const policy = timingPolicy(template);
  const workflowId = sample.workflowId ?? PREVIEW_WORKFLOW_ID;
  const obligation = { id: `0:${sample.lead}`, due, acknowledgedLevels: [] };
  const until = options.until ?? addDays(due, 60);
  const actions = agenda([obligation], policy, calendar, { now: vietnamInstant(start), until, missed: 'workflow' });
  const entries: PreviewEntry[] = [];
  let firstReminder = true;
  for (const action of actions) {
    if (action.type === 'overdue_status') {
      entries.push(statusEntry(action, 'overdue', 'Chuyển trạng thái: quá hạn (hết ngày hạn mà chưa hoàn thành).'));
      continue;
    }
    if (action.type === 'reminder' && firstReminder) {
      firstReminder = false;
      entries.push(statusEntry(action, 'due_soon', 'Chuyển trạng thái: sắp đến hạn (từ lần nhắc việc đầu tiên).'));
    }
    entries.push(messageEntry(action, template, sample, workflowId, options));
  }
  return entries;
}

function statusEntry(action: AgendaAction, status: 'due_soon' | 'overdue', summary: string): PreviewEntry {
  return { at: action.at, date: action.date, type: 'status', key: null, status, recipients: [], to: '', summary, message: null };
}

function messageEntry(action: AgendaAction, template: Template, sample: SampleTask, workflowId: string, options: PreviewOptions): PreviewEntry {
  const kind: MessageKind =
    action.type === 'reminder' ? (action.offset === 0 ? 'due_today' : 'reminder') : action.type === 'overdue' ? 'overdue' : 'escalation';
  const step = action.type === 'escalation' ? template.escalation.find((s) => s.level === action.level) : undefined;
  const account = step?.to === 'account' ? step.account : undefined;
  const recipients = account !== undefined ? [] : taskRecipients(kind, step?.to as 'head' | 'monitor' | 'chair' | undefined, sample.lead, sample.jurisdiction);
  const to =
    account !== undefined
      ? `${LEVEL_RECIPIENT_NAMES.account} “${account}”`
      : options.directory
        ? resolveRecipients(options.directory, recipients).description || recipients.map((r) => describeRecipient(options.directory!, r)).join('; ')
        : recipients.map((r) => describeRecipient(null, r)).join('; ');
  const request: NotifyRequest = {
    key: `${workflowId}:${action.key}`,
    kind,
    to: recipients.length > 0 ? recipients : [{ role: 'monitor', jurisdiction: sample.jurisdiction }],
    asOf: action.date,
    level: action.level,
    subject: {
      workflowId,
      planTitle: sample.planTitle,
      title: sample.title,
      product: sample.product,
      lead: [sample.lead],
      deadlineText: sample.deadlineText,
      explanation: sample.explanation,
      due: action.due,
    },
    details: { jurisdiction: sample.jurisdiction, ...(options.ref ? { template: templateRefText(options.ref) } : {}) },
  };
  const message = renderMessage(request, to, { dashboardUrl: options.dashboardUrl, texts: template.messages });
  return {
    at: action.at,
    date: action.date,
    type: kind === 'reminder' || kind === 'due_today' || kind === 'overdue' ? kind : 'escalation',
    key: request.key,
    ...(action.level !== undefined ? { level: action.level, repeat: action.repeat } : {}),
    recipients,
    to,
    summary: summaryOf(kind, action, step ? LEVEL_RECIPIENT_NAMES[step.to ?? 'monitor'] : undefined),
    message,
  };
}

function summaryOf(kind: MessageKind, action: AgendaAction, levelName: string | undefined): string {
  switch (kind) {
    case 'reminder':
      return `Nhắc việc: còn ${action.offset} ngày làm việc đến hạn.`;
    case 'due_today':
      return 'Nhắc việc: hôm nay là hạn cuối.';
    case 'overdue':
      return 'Thông báo quá hạn gửi cơ quan chủ trì.';
    default:
      return `Báo cáo cấp ${action.level} (${levelName ?? ''})${action.repeat ? `, nhắc lại lần ${action.repeat}` : ''}.`;
  }
}
