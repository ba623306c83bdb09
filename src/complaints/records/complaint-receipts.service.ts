import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ClockService } from '../../clock/clock.service.js';
import { NotificationTemplatesService } from '../../notifications/notification-templates.service.js';
import { renderReceiptPdf } from './receipt-pdf.js';
import { ComplainantProofsService } from '../proofs/complainant-proofs.service.js';
import { ComplaintsService } from '../complaints.service.js';
import { formatTrackingNumber } from '../tracking-number.js';

/**
 * The printable receipt of a complaint, in its complainant's language
 * (`templates/receipts/<language>.yaml`, English for what a language lacks). It is there for
 * whoever may track the complaint, and shows no more than tracking does.
 */
@Injectable()
export class ComplaintReceiptsService implements OnModuleInit {
  private labels = new Map<string, Record<string, string>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly complaints: ComplaintsService,
    private readonly proofs: ComplainantProofsService,
    private readonly templates: NotificationTemplatesService,
    private readonly clock: ClockService,
  ) {}

  async onModuleInit(): Promise<void> {
    const folder = join(this.config.templatesDir, 'receipts');
    for (const name of (await readdir(folder)).filter((file) => /^[a-z]{2,3}\.ya?ml$/.test(file))) {
      const labels = parse(await readFile(join(folder, name), 'utf8')) as unknown;
      if (!labels || typeof labels !== 'object' || Object.values(labels).some((label) => typeof label !== 'string')) {
        throw new Error(`receipt labels ${join(folder, name)}: must map each label to its text`);
      }
      this.labels.set(name.replace(/\.ya?ml$/, ''), labels as Record<string, string>);
    }
  }

  async render(trackingNumber: string, secret: string | undefined, client: string): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const complaint = await this.proofs.forStatus(trackingNumber, secret, client);
    const view = await this.complaints.statusView(complaint);
    const number = formatTrackingNumber(complaint.trackingNumber);
    const language = this.labels.has(complaint.language) ? complaint.language : 'en';
    const labels = Object.fromEntries(
      Object.entries(this.labels.get(language) ?? {}).map(([key, text]) => [
        key,
        Handlebars.compile(text, { noEscape: true })({ trackingNumber: number, shortCode: this.config.smsShortCode }),
      ]),
    );
    const classification = [view.sector?.name, view.type?.name, view.area?.name].filter(Boolean).join(' · ');
    const document = await renderReceiptPdf({
      language,
      labels,
      trackingNumber: number,
      // forStatus checked a secret given; without one, nothing to print.
      secret: secret || null,
      lodgedAt: `${complaint.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      channel: labels[`channel${complaint.channel}`] ?? complaint.channel,
      status: this.templates.statusWord(complaint.status, language),
      classification: classification || null,
      handledBy: view.handledBy,
      office: complaint.walkInOffice,
      printedAt: this.clock.now(),
    });
    return { document, fileName: `complaint-${number}.pdf` };
  }
}
