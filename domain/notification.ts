/**
 * What a workflow asks the notifications activity to send. Recipients are named by role and
 * resolved against the directory at send time, so a changed contact reaches running workflows.
 */
import { z } from 'zod';
import { IsoDateSchema } from './dates';

export const MessageKindSchema = z.enum([
  'reminder', // before due
  'due_today',
  'overdue',
  'escalation', // one per ladder level, repeated until acknowledged
  'needs_deadline', // monitoring office: set a deadline for an unspecified task
  'checkin', // ongoing task: progress report requested
  'apology_required', // one-stop file: apologise by the next working day
  'apology_overdue', // one-stop file reached its appointment without an apology
  'delivery_failed', // a message could not be delivered: told to the monitoring office
  'monthly_report',
  'daily_digest',
  'extension_requested', // monitoring office: an agency asks for a later due date (approve or decline)
  'extension_declined', // agency: its request was declined, the due date stands
  'extension_approved', // agency: its request was granted, the new due date
]);
export type MessageKind = z.infer<typeof MessageKindSchema>;

/** officer/head of an agency; monitor = Văn phòng UBND of the jurisdiction; chair = its chair. */
export const RecipientSchema = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['officer', 'head']), agency: z.string().min(1) }),
  z.object({ role: z.enum(['monitor', 'chair']), jurisdiction: z.string().min(1) }),
]);
export type Recipient = z.infer<typeof RecipientSchema>;

/** The facts a message shows about the task or file it concerns. */
export const SubjectSchema = z.object({
  /** Workflow id: the dashboard link is built from it. */
  workflowId: z.string(),
  planTitle: z.string().nullable(),
  title: z.string(),
  product: z.string().nullable(),
  lead: z.array(z.string()),
  deadlineText: z.string().nullable(),
  explanation: z.string().nullable(),
  due: IsoDateSchema.nullable(),
});
export type Subject = z.infer<typeof SubjectSchema>;

export const NotifyRequestSchema = z.object({
  /** Stable and unique per effect: workflow id + what it is about + level or date. Becomes the Message-ID. */
  key: z.string().min(1).max(300),
  kind: MessageKindSchema,
  to: z.array(RecipientSchema).min(1),
  subject: SubjectSchema,
  /** The Vietnam date the message is about (the reminder's day); days left/late are counted to it. */
  asOf: IsoDateSchema,
  /** Escalation level (1..n) where relevant. */
  level: z.number().int().positive().optional(),
  /** Free extra lines: the new appointment date of a file, the period of a recurring duty, … */
  details: z.record(z.string(), z.string()).default({}),
});
export type NotifyRequest = z.input<typeof NotifyRequestSchema>;

export type NotifyResult = {
  key: string;
  /**
   * 'sent' now, 'duplicate' when this key was already delivered, 'queued' for a daily digest,
   * 'failed' when the mail server refused it for good (reported to the monitoring office),
   * 'undeliverable' when no recipient has an address (reported likewise).
   */
  status: 'sent' | 'duplicate' | 'queued' | 'failed' | 'undeliverable';
  /** Email addresses that received (or will receive, in a digest) the message. */
  recipients: string[];
  /** Recipients that could not be reached and why, in Vietnamese; they were reported. */
  undeliverable?: { who: string; reason: string }[];
};
