import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { WithoutNul } from '../errors/validation.js';

const PHONE = /^\+?[1-9][0-9]{6,14}$/;
const PHONE_MESSAGE = 'must be the sender’s phone number in international form';

/** What Africa's Talking posts (form fields) for an SMS to the short code. */
export class AfricasTalkingSms {
  @Matches(PHONE, { message: `from ${PHONE_MESSAGE}` })
  from: string;

  @IsOptional()
  @IsString()
  to?: string;

  /** May be empty: the sender is then told how to complain. Long texts are refused by SMS, not here. A stray NUL is dropped. */
  @WithoutNul()
  @IsString({ message: 'text must be the message text (it may be empty)' })
  @MaxLength(20_000)
  text: string;

  @IsOptional()
  @IsString()
  date?: string;

  @IsString({ message: 'id must be the gateway’s message id' })
  @Length(1, 200)
  id: string;

  @IsOptional()
  @IsString()
  linkId?: string;
}

/** The fields Pactwatch reads of what Twilio posts for an incoming SMS; Twilio sends more, all signed. */
export class TwilioSms {
  @Matches(/^(SM|MM)[0-9a-fA-F]{32}$/, { message: 'MessageSid must be a Twilio message SID (SM or MM and 32 hex digits)' })
  MessageSid: string;

  @Matches(PHONE, { message: `From ${PHONE_MESSAGE}` })
  From: string;

  @IsOptional()
  @IsString()
  To?: string;

  @WithoutNul()
  @IsString({ message: 'Body must be the message text (it may be empty)' })
  @MaxLength(20_000)
  Body: string;
}

/** An inbound email as a mail service's webhook forwards it (JSON). */
export class InboundEmail {
  @IsString()
  @Length(3, 320)
  @Matches(/^(?:[^<>]*<[^<>@\s]+@[^<>\s]+>|[^<>@\s]+@[^<>\s]+)$/, { message: 'from must be an address, or a name and an <address>' })
  from: string;

  @IsOptional()
  @WithoutNul()
  @IsString()
  @MaxLength(998)
  subject?: string;

  @WithoutNul()
  @IsString({ message: 'text must be the plain-text body (it may be empty)' })
  @MaxLength(100_000)
  text: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  messageId?: string;
}

/** "Akinyi Ekai <akinyi@example.org>" → name and address. */
export function splitSender(from: string): { name: string | null; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1].trim() || null, email: match[2].trim() } : { name: null, email: from.trim() };
}
