import { Injectable } from '@nestjs/common';
import type { Viewer } from '../authorization/viewer.js';
import type { Selection } from '../graphql/selection.js';
import { pageOf, type Page, type PageInput } from '../pagination/page.js';
import type { ProcurementFilterInput } from '../procurements/inputs/procurement-filter.input.js';
import type { CaseFile } from './case-file.js';
import { procurementComplaintFigures, type StatusCount } from '../complaint-statistics/procurement-complaint-figures.js';
import { TransactionService } from '../database/transaction.service.js';
import { invalidField, notFound } from '../errors/domain-error.js';
import { sha256Hex } from '../pacts/pact-content.js';
import { PactPdfService } from '../signatures/pact-pdf.service.js';
import { SIGNED_RECORD_FIELDS, SignaturesService } from '../signatures/signatures.service.js';
import { ReportPdfService } from '../reports/report-pdf.service.js';
import { DocumentKind, type DocumentVerification } from './document-verification.js';
import { PublicRecordRepository, type RegisterChoices } from './public-record.repository.js';

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
    private readonly transactions: TransactionService,
    private readonly repository: PublicRecordRepository,
    private readonly pactPdfs: PactPdfService,
    private readonly reportPdfs: ReportPdfService,
    private readonly signatures: SignaturesService,
  ) {}

  /** A procurement the viewer may not read is answered as one that does not exist: its reference alone tells nothing. */
  async caseFile(viewer: Viewer, reference: string, selection: Selection): Promise<CaseFile> {
    const found = await this.repository.caseFile(this.transactions.reader, viewer.ability, reference.trim(), statementSelection(selection));
    if (!found) throw notFound('Procurement', reference);
    return this.completed(viewer, found, selection);
  }

  async caseFiles(viewer: Viewer, filter: ProcurementFilterInput, page: PageInput, selection: Selection): Promise<Page<CaseFile>> {
    const items = selection.items === true ? {} : (selection.items ?? {});
    const found = await this.repository.caseFiles(this.transactions.reader, viewer.ability, filter, page, statementSelection(items));
    return pageOf(
      found.items.map((item) => this.completed(viewer, item, items)),
      found.total,
      page,
    );
  }

  /**
   * The fields worked out from what the statement read: each signature checked with the
   * platform's key (the checks of verifySignature that need no other row), and the complaint
   * counts withheld as the public statistics withhold them, unless CASL lets the viewer read
   * the full statistics.
   */
  private completed(viewer: Viewer, caseFile: CaseFile, selection: Selection): CaseFile {
    if (below(selection, 'pact', 'versions', 'signatures')?.verifiesWithPlatformKey) {
      for (const version of caseFile.pact?.versions ?? []) {
        for (const signature of version.signatures) signature.verifiesWithPlatformKey = this.signatures.verifiesWithPlatformKey(signature);
      }
    }
    const read = caseFile as CaseFile & { complaintCounts?: StatusCount[] };
    if (selection.complaintFigures) {
      read.complaintFigures = procurementComplaintFigures(read.complaintCounts ?? [], viewer.ability.can('read', 'ComplaintStatistics'));
      delete read.complaintCounts;
    }
    return caseFile;
  }

  /** The authorities and sectors of the case files the viewer may read under this filter. */
  registerChoices(viewer: Viewer, filter: ProcurementFilterInput): Promise<RegisterChoices> {
    return this.repository.registerChoices(this.transactions.reader, viewer.ability, filter);
  }

  async verifyHash(sha256: string): Promise<DocumentVerification> {
    const hash = sha256.trim().toLowerCase();
    if (!SHA256.test(hash)) throw invalidField('sha256', 'must be 64 hexadecimal characters (a SHA-256 digest)');
    const version = await this.repository.pactVersionByHash(this.transactions.reader, hash);
    if (version) {
      const reference = await this.repository.referenceOfPact(this.transactions.reader, version.pactId);
      return {
        known: true,
        sha256: hash,
        kind: DocumentKind.PACT_VERSION,
        pactVersion: version,
        publishedReport: null,
        procurementReference: reference,
        explanation: `Version ${version.number} of the Integrity Pact for procurement ${reference}, published ${version.publishedAt.toISOString()}.`,
      };
    }
    const report = await this.repository.publishedReportByHash(this.transactions.reader, hash);
    if (report) {
      const reference = await this.repository.referenceOfProcurement(this.transactions.reader, report.procurementId);
      return {
        known: true,
        sha256: hash,
        kind: DocumentKind.MONITORING_REPORT,
        pactVersion: null,
        publishedReport: report,
        procurementReference: reference,
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
        : {
            ...unknown(
              sha256Hex(file),
              `This PDF names content hash ${claimed}, but differs from the platform's rendering of that document: it was altered` +
                (found.pactVersion ? ', or signatures were added since it was downloaded.' : '.'),
            ),
            alteredCopyOf: claimed,
          };
    }
    return own;
  }

  async canonicalContent(kind: DocumentKind, id: string): Promise<string> {
    const found =
      kind === DocumentKind.PACT_VERSION
        ? await this.repository.pactVersion(this.transactions.reader, id)
        : await this.repository.publishedReport(this.transactions.reader, id);
    if (!found) throw notFound(kind === DocumentKind.PACT_VERSION ? 'PactVersion' : 'PublishedReport', id);
    return found.canonicalContent;
  }
}

/** The selection one level down a path of object fields, if the client went there. */
function below(selection: Selection, ...path: string[]): Selection | undefined {
  let at: Selection | undefined = selection;
  for (const field of path) {
    const next: Selection | true | undefined = at?.[field];
    at = next === true ? undefined : next;
  }
  return at;
}

/** What the statement reads for a selection: checking a signature takes its signed fields; the complaint figures, the counts. */
function statementSelection(selection: Selection): Selection {
  const read: Selection = { ...selection };
  const signatures = below(selection, 'pact', 'versions', 'signatures');
  if (signatures?.verifiesWithPlatformKey) {
    const pact = below(selection, 'pact')!;
    const versions = below(pact, 'versions')!;
    const signed = Object.fromEntries(SIGNED_RECORD_FIELDS.map((field) => [field, true as const]));
    read.pact = { ...pact, versions: { ...versions, signatures: { ...signatures, ...signed } } };
  }
  if (selection.complaintFigures) read.complaintCounts = { status: true, complaints: true };
  return read;
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
