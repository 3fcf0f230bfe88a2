/** Builds the RFC 5322 message (HTML with a plain-text alternative, UTF-8) with nodemailer. */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MessageKind } from '../../domain/notification';
import type { RenderedMessage } from '../../domain/messages/layout';
import type { Address, OutgoingMessage } from './channel';
import { messageIdFor } from '../../storage/outbox';

export type ComposeInput = {
  key: string;
  kind: MessageKind;
  from: Address;
  to: Address[];
  rendered: RenderedMessage;
  date: Date;
};

export async function composeEmail(input: ComposeInput): Promise<OutgoingMessage> {
  const messageId = messageIdFor(input.key);
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    subject: input.rendered.subject,
    text: input.rendered.text,
    html: input.rendered.html,
    messageId,
    date: input.date,
    headers: {
      // RFC 3834: automatic replies (out-of-office) are not sent back to automated mail.
      'Auto-Submitted': 'auto-generated',
      'X-Dondoc-Kind': input.kind,
    },
    xMailer: false,
  });
  const raw = await composer.compile().build();
  return { key: input.key, messageId, from: input.from, to: input.to, subject: input.rendered.subject, text: input.rendered.text, html: input.rendered.html, raw };
}
