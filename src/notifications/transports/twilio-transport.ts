import type { SmsGatewayConfig } from '../../config/app-config.js';
import { GATEWAY_TIMEOUT_MS, httpFailure, type Delivery, type MessageTransport, type OutgoingMessage } from './message-transport.js';

type TwilioConfig = Extract<SmsGatewayConfig, { gateway: 'twilio' }>;

/** SMS through Twilio's Messages resource (API version 2010-04-01). */
export class TwilioTransport implements MessageTransport {
  readonly name = 'twilio';
  private readonly url: string;
  private readonly authorization: string;

  constructor(private readonly config: TwilioConfig) {
    this.url = `${config.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  }

  async send(recipient: string, message: OutgoingMessage): Promise<Delivery> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { Authorization: this.authorization, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: recipient, From: this.config.from, Body: message.body }),
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
    if (!response.ok) {
      const answer = await response.text();
      const refusal = twilioError(answer);
      throw refusal
        ? new Error(`Twilio refused the message: ${refusal.message} (error ${refusal.code ?? 'unknown'}, HTTP ${response.status})`)
        : httpFailure('Twilio', response.status, answer);
    }
    const created = (await response.json()) as { sid?: string };
    if (!created.sid) throw new Error('Twilio answered without a message sid');
    return { providerMessageId: created.sid };
  }
}

/** Twilio explains a refusal as JSON `{ code, message, more_info, status }`. */
function twilioError(answer: string): { code?: number; message: string } | null {
  try {
    const parsed = JSON.parse(answer) as { code?: number; message?: unknown };
    return typeof parsed.message === 'string' ? { code: parsed.code, message: parsed.message } : null;
  } catch {
    return null;
  }
}
