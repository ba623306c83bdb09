import { Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Delivery, MessageTransport, OutgoingMessage } from './message-transport.js';

/**
 * Writes each message as a text file instead of sending it: the default until a gateway is
 * configured, so development and demonstrations need no account anywhere. The file holds the
 * recipient, so it is readable by the owner only; the log names the file, not its content.
 */
export class FileTransport implements MessageTransport {
  readonly name = 'file';
  private readonly logger = new Logger(FileTransport.name);

  constructor(private readonly folder: string) {}

  async send(recipient: string, message: OutgoingMessage): Promise<Delivery> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.channel.toLowerCase()}-${message.id}.txt`;
    const path = join(this.folder, name);
    const header = [
      `To: ${recipient}`,
      `Channel: ${message.channel}`,
      ...(message.subject === null ? [] : [`Subject: ${message.subject}`]),
      `Message: ${message.id}`,
    ];
    await writeFile(path, `${header.join('\n')}\n\n${message.body}\n`, { mode: 0o600, flag: 'wx' });
    this.logger.log(`message ${message.id} written to ${path}`);
    return { providerMessageId: name };
  }
}
