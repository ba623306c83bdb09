import type { SmsGatewayConfig } from '../../config/app-config.js';
import { GATEWAY_TIMEOUT_MS, httpFailure, type Delivery, type MessageTransport, type OutgoingMessage } from './message-transport.js';

type AfricasTalkingConfig = Extract<SmsGatewayConfig, { gateway: 'africastalking' }>;

interface AfricasTalkingAnswer {
  SMSMessageData?: {
    Message?: string;
    Recipients?: Array<{ status?: string; statusCode?: number; messageId?: string }>;
  };
}

/** 100 Processed, 101 Sent, 102 Queued: accepted; any other code is a refusal (invalid number, no balance…). */
const ACCEPTED = new Set([100, 101, 102]);

/** SMS through Africa's Talking's messaging API (version1), one recipient per request. */
export class AfricasTalkingTransport implements MessageTransport {
  readonly name = 'africastalking';

  constructor(private readonly config: AfricasTalkingConfig) {}

  async send(recipient: string, message: OutgoingMessage): Promise<Delivery> {
    const form = new URLSearchParams({ username: this.config.username, to: recipient, message: message.body });
    if (this.config.sender) form.set('from', this.config.sender);
    const response = await fetch(this.config.apiUrl, {
      method: 'POST',
      headers: { apiKey: this.config.apiKey, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
    if (!response.ok) throw httpFailure("Africa's Talking", response.status, await response.text());
    const answer = (await response.json()) as AfricasTalkingAnswer;
    const first = answer.SMSMessageData?.Recipients?.[0];
    if (!first) throw new Error(`Africa's Talking accepted no recipient: ${answer.SMSMessageData?.Message ?? 'no SMSMessageData in its answer'}`);
    if (first.statusCode === undefined || !ACCEPTED.has(first.statusCode)) {
      throw new Error(`Africa's Talking refused the message: ${first.status ?? 'no status'} (status code ${first.statusCode ?? 'none'})`);
    }
    return { providerMessageId: first.messageId ?? null };
  }
}
