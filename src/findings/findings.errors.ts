import { DomainError, conflict, invalidField } from '../errors/domain-error.js';
import type { ProcurementStage } from '../procurements/procurement-stage.js';
import { FindingStatus } from './finding.entity.js';
import { findingStatusMoves } from './finding-status.js';

export const statusChangeRefused = (from: FindingStatus, to: FindingStatus) => {
  const moves = findingStatusMoves(from)
    .filter((m) => m.to !== from)
    .map((m) => (m.cause === 'RESPONSE' ? `${m.to} (by the authority's response)` : m.to));
  const allowed = moves.length ? `it can move to ${moves.join(' or ')}` : 'that is final';
  return new DomainError(
    'BAD_USER_INPUT',
    'FINDING_STATUS_CHANGE_REFUSED',
    `A finding cannot move from ${from} to ${to} this way: it is ${from}, and ${allowed}`,
    {
      from,
      to,
    },
  );
};

export const stageNotReached = (stage: ProcurementStage, current: ProcurementStage) =>
  invalidField('stage', `the procurement has not reached ${stage}; it is at ${current}`, 'STAGE_NOT_REACHED');

export const noMonitorAssigned = () => new DomainError('BAD_USER_INPUT', 'NO_MONITOR_ASSIGNED', 'No independent monitor is assigned to this procurement');

export const findingResolved = () => conflict('FINDING_RESOLVED', 'This finding is resolved; it can no longer change');

export const findingPublished = (reportId: string) =>
  conflict('FINDING_PUBLISHED', 'This finding stands in a published report and can no longer be edited', { reportId });

export const evidenceMissing = () =>
  new DomainError('BAD_USER_INPUT', 'EVIDENCE_MISSING', 'Send the evidence as a multipart form with one file field named "file"');

export const evidenceEmpty = () => new DomainError('BAD_USER_INPUT', 'EVIDENCE_EMPTY', 'The evidence file is empty');

export const evidenceTooLarge = (maxBytes: number) =>
  new DomainError('BAD_USER_INPUT', 'EVIDENCE_TOO_LARGE', `The evidence file is larger than the limit of ${maxBytes} bytes`, { maxBytes }, 413);

export const evidenceTypeNotAllowed = (detectedType: string) =>
  new DomainError(
    'BAD_USER_INPUT',
    'EVIDENCE_TYPE_NOT_ALLOWED',
    `The file is ${detectedType} (judged by its content, not its name); evidence must be PDF, PNG, JPEG, WebP, GIF, DOCX, XLSX, ODT or plain UTF-8 text`,
    { detectedType },
    415,
  );
