/**
 * A way to deliver a message. Email over SMTP and the local outbox exist now; an SMS or Zalo
 * channel would implement the same interface and use the plain-text part.
 */
export type Address = { name: string; address: string };

export type OutgoingMessage = {
  /** The stable key of the effect (NotifyRequest.key or a digest key). */
  key: string;
  /** `<sha256(key)@dondoc>` */
  messageId: string;
  from: Address;
  to: Address[];
  subject: string;
  text: string;
  html: string;
  /** The whole message as RFC 5322 bytes, exactly as stored in the outbox. */
  raw: Buffer;
};

export type Receipt = {
  channel: string;
  /** Addresses that accepted the message. */
  accepted: string[];
  /** Addresses refused while others accepted. */
  rejected: string[];
  /** The server's reply ("250 OK: queued as …"), or what the channel did. */
  response: string;
};

export interface Channel {
  readonly name: string;
  send(message: OutgoingMessage): Promise<Receipt>;
}

/**
 * A delivery that did not happen. `permanent` when sending the same message again cannot succeed
 * (a 5xx refusal of the recipients or of the content); otherwise it is worth retrying later.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The embedded default, used when no SMTP server is configured: the message is delivered by being
 * kept in the outbox (the ledger already stored its `.eml` in the database), where a user can read it.
 */
export function createOutboxChannel(): Channel {
  return {
    name: 'outbox',
    async send(message) {
      return {
        channel: 'outbox',
        accepted: message.to.map((a) => a.address),
        rejected: [],
        response: 'kept in the outbox',
      };
    },
  };
}
