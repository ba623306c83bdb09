import nodemailer, { type Transporter } from 'nodemailer';
import { GATEWAY_TIMEOUT_MS, type Delivery, type MessageTransport, type OutgoingMessage } from './message-transport.js';

/** Email through the SMTP server in SMTP_URL. */
export class SmtpTransport implements MessageTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport({
      url,
      connectionTimeout: GATEWAY_TIMEOUT_MS,
      greetingTimeout: GATEWAY_TIMEOUT_MS,
      socketTimeout: GATEWAY_TIMEOUT_MS,
    });
  }

  async send(recipient: string, message: OutgoingMessage): Promise<Delivery> {
    const info = await this.transporter.sendMail({ from: this.from, to: recipient, subject: message.subject ?? '', text: message.body });
    return { providerMessageId: info.messageId ?? null };
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
