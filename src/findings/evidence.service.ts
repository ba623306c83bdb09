import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorId } from '../authorization/require.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { notFound } from '../errors/domain-error.js';
import { detectEvidenceType } from './evidence-type.js';
import type { FindingEvidence } from './finding-evidence.entity.js';
import { FindingStatus, type Finding } from './finding.entity.js';
import type { RecordFindingInput } from './inputs/record-finding.input.js';
import { evidenceEmpty, evidenceTypeNotAllowed, findingResolved } from './findings.errors.js';
import { FindingsRepository } from './findings.repository.js';
import { FindingsService } from './findings.service.js';
import type { ReceivedFile } from '../uploads/receive-file.js';

export type EvidenceMetadata = Omit<FindingEvidence, 'content'> & { downloadUrl: string };

export function evidenceDownloadPath(evidenceId: string): string {
  return `/findings/evidence/${evidenceId}`;
}

export function evidenceMetadata({ content: _content, ...metadata }: FindingEvidence): EvidenceMetadata {
  return { ...metadata, downloadUrl: evidenceDownloadPath(metadata.id) };
}

/** Evidence files of findings, kept in PostgreSQL with their SHA-256 so a copy can be checked against the record. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: FindingsRepository,
    private readonly findings: FindingsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks the viewer may add evidence before `receive` reads the upload, so nobody else
   * can make the server take in a file; the type is decided by the bytes, never the name.
   */
  async add(viewer: Viewer, findingId: string, receive: () => Promise<ReceivedFile>): Promise<FindingEvidence> {
    const { finding } = await this.findings.inScope(viewer, 'create', 'Finding', findingId);
    if (finding.status === FindingStatus.RESOLVED) throw findingResolved();
    const upload = await checked(await receive());
    return this.transactions.run(async (tx) => {
      // Shares the row lock with status changes, so evidence never lands on a finding resolved meanwhile.
      const current = await this.repository.lockForUpdate(tx, finding.id);
      if (current.status === FindingStatus.RESOLVED) throw findingResolved();
      return this.store(tx, viewer, current, upload);
    });
  }

  /**
   * Records a finding and its first evidence file in one transaction, as the monitor's web form
   * sends them together: a file refused (empty, too large, of a refused type) records nothing,
   * so sending the corrected form again does not make a second finding. The file is read only
   * after the recording's own checks have let the viewer in.
   */
  recordWithEvidence(viewer: Viewer, input: RecordFindingInput, receive?: () => Promise<ReceivedFile>): Promise<Finding> {
    if (!receive) return this.findings.record(viewer, input);
    return this.findings.record(viewer, input, async (tx, finding) => {
      await this.store(tx, viewer, finding, await checked(await receive()));
    });
  }

  private async store(tx: EntityManager, viewer: Viewer, finding: Finding, upload: CheckedUpload): Promise<FindingEvidence> {
    const evidence = await this.repository.addEvidence(tx, {
      findingId: finding.id,
      fileName: safeFileName(upload.fileName),
      contentType: upload.mime,
      sizeBytes: upload.content.length,
      sha256: createHash('sha256').update(upload.content).digest('hex'),
      content: upload.content,
      uploadedBy: actorId(viewer),
    });
    await this.audit.append(tx, {
      actorId: actorId(viewer),
      action: 'finding.evidence_added',
      subjectType: 'Finding',
      subjectId: finding.id,
      procurementId: finding.procurementId,
      data: {
        evidenceId: evidence.id,
        fileName: evidence.fileName,
        contentType: evidence.contentType,
        sizeBytes: evidence.sizeBytes,
        sha256: evidence.sha256,
      },
    });
    return evidence;
  }

  /** The file with its content, for those who may read its finding. */
  async download(viewer: Viewer, evidenceId: string): Promise<FindingEvidence> {
    const metadata = await this.repository.evidenceMetadata(this.transactions.reader, evidenceId);
    if (!metadata) throw notFound('FindingEvidence', evidenceId);
    await this.findings.inScope(viewer, 'read', 'Finding', metadata.findingId);
    return this.repository.evidenceWithContent(this.transactions.reader, evidenceId);
  }
}

type CheckedUpload = ReceivedFile & { mime: string };

/** The type is decided by the bytes, never the name. */
async function checked(upload: ReceivedFile): Promise<CheckedUpload> {
  if (!upload.content.length) throw evidenceEmpty();
  const type = await detectEvidenceType(upload.content);
  if (!type.allowed) throw evidenceTypeNotAllowed(type.mime);
  return { ...upload, mime: type.mime };
}

/** The sender's file name without folders or control characters, for display and the download name. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters from a file name is the point
  const printable = base.replace(/[\u0000-\u001f\u007f]/g, '');
  const clean = printable.trim().slice(0, 255);
  return clean || 'evidence';
}
