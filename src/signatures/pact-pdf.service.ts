import { Injectable } from '@nestjs/common';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import { TransactionService } from '../database/transaction.service.js';
import { renderPactPdf } from './pact-pdf.js';
import { SignaturesRepository } from './signatures.repository.js';
import { SignaturesService } from './signatures.service.js';
import { PactTemplatesService } from '../pacts/pact-templates.service.js';
import { PactsService } from '../pacts/pacts.service.js';

@Injectable()
export class PactPdfService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: SignaturesRepository,
    private readonly pacts: PactsService,
    private readonly signatures: SignaturesService,
    private readonly templates: PactTemplatesService,
    private readonly checkpoints: CheckpointsService,
  ) {}

  /** Gathers everything the PDF prints, then hands back the document still streaming. */
  async render(versionId: string): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const version = await this.pacts.version(versionId);
    const reader = this.transactions.reader;
    const procurement = (await this.repository.procurementOfPact(reader, version.pactId))!;
    const authority = await this.repository.organisation(reader, procurement.authorityId);
    const superseded = (await this.signatures.supersededVersions([version.id])).get(version.id) ?? false;
    const signatures = (await this.signatures.signaturesOfVersions([version.id])).get(version.id) ?? [];
    const checkpoint = await this.checkpoints.covering([version.id, ...signatures.map((s) => s.id)]);
    const document = await renderPactPdf({
      labels: this.templates.labels(version.templateKey, version.language),
      procurement: { reference: procurement.reference, title: procurement.title, authorityName: authority.name },
      version: { number: version.number, title: version.title, language: version.language, publishedAt: version.publishedAt, contentHash: version.contentHash },
      clauses: version.clauses,
      signatures: signatures.map((s) => ({ ...s, superseded })),
      checkpoint: checkpoint?.note ?? null,
    });
    return { document, fileName: `pact-${procurement.reference.replace(/[^A-Za-z0-9._-]/g, '_')}-v${version.number}.pdf` };
  }
}
