import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { invalidField, notFound } from '../errors/domain-error.js';
import { sha256Hex } from '../pacts/pact-content.js';
import { PactPdfService } from '../signatures/pact-pdf.service.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { PublishedReport } from '../reports/published-report.entity.js';
import { ReportPdfService } from '../reports/report-pdf.service.js';
import { DocumentKind, type DocumentVerification } from './document-verification.js';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Tells anyone whether a document is one the platform published. A hash is matched against
 * the content hashes of pact versions and reports; a file is matched by its own SHA-256 (the
 * canonical content download) or, for a Pactwatch PDF, by the content hash it carries and a fresh
 * rendering to compare it with byte for byte.
 */
@Injectable()
export class PublicRecordService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pactPdfs: PactPdfService,
    private readonly reportPdfs: ReportPdfService,
  ) {}

  async verifyHash(sha256: string): Promise<DocumentVerification> {
    const hash = sha256.trim().toLowerCase();
    if (!SHA256.test(hash)) throw invalidField('sha256', 'must be 64 hexadecimal characters (a SHA-256 digest)');
    const version = await this.db.getRepository(PactVersion).findOneBy({ contentHash: hash });
    if (version) {
      const reference = await this.referenceOfPact(version.pactId);
      return {
        known: true, sha256: hash, kind: DocumentKind.PACT_VERSION, pactVersion: version, publishedReport: null,
        explanation: `Version ${version.number} of the Integrity Pact for procurement ${reference}, published ${version.publishedAt.toISOString()}.`,
      };
    }
    const report = await this.db.getRepository(PublishedReport).findOneBy({ contentHash: hash });
    if (report) {
      const reference = (await this.db.getRepository(Procurement).findOneByOrFail({ id: report.procurementId })).reference;
      return {
        known: true, sha256: hash, kind: DocumentKind.MONITORING_REPORT, pactVersion: null, publishedReport: report,
        explanation: `The ${report.kind.toLowerCase()} monitoring report "${report.title}" on procurement ${reference}, published ${report.publishedAt.toISOString()}.`,
      };
    }
    return unknown(hash, 'No published pact version or monitoring report has this SHA-256.');
  }

  async verifyFile(file: Buffer): Promise<DocumentVerification> {
    const own = await this.verifyHash(sha256Hex(file));
    if (own.known || !isPdf(file)) return own;
    for (const claimed of hashesInPdf(file)) {
      const found = await this.verifyHash(claimed);
      if (!found.known) continue;
      const rendered = found.pactVersion ? await this.pactPdfs.render(found.pactVersion.id) : await this.reportPdfs.render(found.publishedReport!.id);
      return (await toBuffer(rendered.document)).equals(file)
        ? { ...found, sha256: sha256Hex(file), explanation: `${found.explanation} This PDF is identical to the platform's rendering of it.` }
        : unknown(
            sha256Hex(file),
            `This PDF names content hash ${claimed}, but differs from the platform's rendering of that document: it was altered` +
              (found.pactVersion ? ', or signatures were added since it was downloaded.' : '.'),
          );
    }
    return own;
  }

  async canonicalContent(kind: DocumentKind, id: string): Promise<string> {
    const repository = kind === DocumentKind.PACT_VERSION ? this.db.getRepository(PactVersion) : this.db.getRepository(PublishedReport);
    const found = await repository.findOneBy({ id });
    if (!found) throw notFound(kind === DocumentKind.PACT_VERSION ? 'PactVersion' : 'PublishedReport', id);
    return found.canonicalContent;
  }

  private async referenceOfPact(pactId: string): Promise<string> {
    const pact = await this.db.getRepository(Pact).findOneByOrFail({ id: pactId });
    return (await this.db.getRepository(Procurement).findOneByOrFail({ id: pact.procurementId })).reference;
  }

}

function unknown(sha256: string, explanation: string): DocumentVerification {
  return { known: false, sha256, kind: null, pactVersion: null, publishedReport: null, explanation };
}

async function toBuffer(document: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of document) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isPdf(file: Buffer): boolean {
  return file.subarray(0, 5).toString('latin1') === '%PDF-';
}

/** Pactwatch PDFs carry their content hash as a literal string (the document's Subject). */
function hashesInPdf(file: Buffer): string[] {
  return [...new Set([...file.toString('latin1').matchAll(/\(([0-9a-f]{64})\)/g)].map((m) => m[1]))];
}
