import type { EntityManager } from 'typeorm';
import { ComplaintEvent, type ComplaintEventKind } from './complaint-event.entity.js';
import type { Complaint } from './complaint.entity.js';

export interface HistoryStep {
  at: Date;
  /** Null for the complainant and for the platform itself. */
  actorId?: string | null;
  organisationId?: string | null;
  reason?: string | null;
}

/** Adds a step to the complaint's history, with the status the complaint has after it. */
export async function recordStep(tx: EntityManager, complaint: Complaint, kind: ComplaintEventKind, step: HistoryStep): Promise<void> {
  await tx.insert(ComplaintEvent, {
    complaintId: complaint.id,
    kind,
    status: complaint.status,
    organisationId: step.organisationId ?? null,
    actorId: step.actorId ?? null,
    reason: step.reason ?? null,
    occurredAt: step.at,
  });
}
