import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { OutboundChannel } from './outbound-message.entity.js';
import { AfricasTalkingTransport } from './transports/africastalking-transport.js';
import { FileTransport } from './transports/file-transport.js';
import type { MessageTransport } from './transports/message-transport.js';
import { SmtpTransport } from './transports/smtp-transport.js';
import { TwilioTransport } from './transports/twilio-transport.js';

/** The transport of each channel, chosen once from the configuration (SMS_GATEWAY, SMTP_URL). */
@Injectable()
export class NotificationTransportsService implements OnApplicationShutdown {
  private readonly sms: MessageTransport;
  private readonly email: MessageTransport;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const folder = join(config.dataDir, 'outbox');
    const files = new FileTransport(folder);
    const { sms } = config;
    this.sms = sms.gateway === 'africastalking' ? new AfricasTalkingTransport(sms) : sms.gateway === 'twilio' ? new TwilioTransport(sms) : files;
    this.email = config.smtpUrl ? new SmtpTransport(config.smtpUrl, config.mailFrom) : files;

    const unsent = [this.sms === files && 'SMS (set SMS_GATEWAY)', this.email === files && 'emails (set SMTP_URL)'].filter(Boolean);
    if (unsent.length) {
      // Fine on a laptop; in production nobody would hear about their complaint.
      const logger = new Logger(NotificationTransportsService.name);
      const line = `${unsent.join(' and ')} are written to ${folder}, not sent`;
      if (config.mode === 'production') logger.warn(line);
      else logger.log(line);
    }
  }

  forChannel(channel: OutboundChannel): MessageTransport {
    return channel === OutboundChannel.SMS ? this.sms : this.email;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.sms, this.email].map(async (transport) => transport.close?.()));
  }
}
