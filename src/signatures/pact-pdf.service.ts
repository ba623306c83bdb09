import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { renderPactPdf } from './pact-pdf.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { SignaturesService } from './signatures.service.js';
import { Pact } from '../pacts/pact.entity.js';
import { PactTemplatesService } from '../pacts/pact-templates.service.js';
import { PactsService } from '../pacts/pacts.service.js';

@Injectable()
export class PactPdfService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pacts: PactsService,
    private readonly signatures: SignaturesService,
    private readonly templates: PactTemplatesService,
  ) {}

  /** Gathers everything the PDF prints, then hands back the document still streaming. */
  async render(versionId: string): Promise<{ document: PDFKit.PDFDocument; fileName: string }> {
    const version = await this.pacts.version(versionId);
    const pact = await this.db.getRepository(Pact).findOneByOrFail({ id: version.pactId });
    const procurement = await this.db.getRepository(Procurement).findOneByOrFail({ id: pact.procurementId });
    const authority = await this.db.getRepository(Organisation).findOneByOrFail({ id: procurement.authorityId });
    const superseded = (await this.signatures.supersededVersions([version.id])).get(version.id) ?? false;
    const signatures = (await this.signatures.signaturesOfVersions([version.id])).get(version.id) ?? [];
    const document = renderPactPdf({
      labels: this.templates.labels(version.templateKey, version.language),
      procurement: { reference: procurement.reference, title: procurement.title, authorityName: authority.name },
      version: { number: version.number, title: version.title, language: version.language, publishedAt: version.publishedAt, contentHash: version.contentHash },
      clauses: version.clauses,
      signatures: signatures.map((s) => ({ ...s, superseded })),
    });
    return { document, fileName: `pact-${procurement.reference.replace(/[^A-Za-z0-9._-]/g, '_')}-v${version.number}.pdf` };
  }
}
