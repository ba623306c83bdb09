import type { OutboundChannel } from '../outbound-message.entity.js';

/** What a transport sends: the text and, for email, the subject. Never logged. */
export interface OutgoingMessage {
  id: string;
  channel: OutboundChannel;
  subject: string | null;
  body: string;
}

export interface Delivery {
  /** The gateway's id of the message, to trace it with the provider; null when it gives none. */
  providerMessageId: string | null;
}

/** One way out for messages: an SMS gateway, an SMTP server, a folder. */
export interface MessageTransport {
  /** Recorded on each message it delivers: `file`, `africastalking`, `twilio`, `smtp`. */
  readonly name: string;
  /** Resolves once the provider has accepted the message; rejects with a reason to record otherwise. */
  send(recipient: string, message: OutgoingMessage): Promise<Delivery>;
  close?(): Promise<void>;
}

/** A gateway that has not answered by then is treated as failed, and the message retried. */
export const GATEWAY_TIMEOUT_MS = 15_000;

/** A refusal by HTTP status, with the start of the gateway's answer for whoever reads last_error. */
export function httpFailure(gateway: string, status: number, answer: string): Error {
  const start = answer.replace(/\s+/g, ' ').trim().slice(0, 300);
  return new Error(`${gateway} answered HTTP ${status}${start ? `: ${start}` : ''}`);
}
