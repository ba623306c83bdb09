import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { TransactionService } from '../../database/transaction.service.js';
import { notFound } from '../../errors/domain-error.js';
import type { Loaders } from '../../graphql/loaders.js';
import type { OutboundMessage } from '../../notifications/outbound-message.entity.js';
import type { Area } from '../area.entity.js';
import type { ComplaintEvent } from '../complaint-event.entity.js';
import type { ComplaintSector } from '../complaint-sector.entity.js';
import type { ComplaintType } from '../complaint-type.entity.js';
import type { Complaint } from '../complaint.entity.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import type { ComplaintAddition } from './complaint-addition.entity.js';
import type { ComplaintNote } from './complaint-note.entity.js';
import { RecordsRepository } from './records.repository.js';

/** What the complaint's CASL rules are decided on. */
export interface ComplaintSubject {
  handlingOrganisationId: string | null;
  escalatedToId: string | null;
  monitorId: string | null;
  implementerId: string | null;
}

/**
 * The fields the per-field rules (contact, notes, messages) are decided on; they never depend on
 * the procurement. Shared by the GraphQL fields and the partner's pages, so both show the same.
 */
export const complaintFieldSubject = (complaint: Complaint) => ({
  handlingOrganisationId: complaint.handlingOrganisationId,
  escalatedToId: complaint.escalatedToId,
});

/** One complaint and what hangs off it, loaded in batches per request whatever the number of complaints shown. */
@Injectable()
export class ComplaintRecordsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly complaints: ComplaintsRepository,
    private readonly records: RecordsRepository,
  ) {}

  async readable(viewer: Viewer, id: string): Promise<Complaint> {
    const reader = this.transactions.reader;
    const complaint = await this.complaints.byId(reader, id);
    if (!complaint) throw notFound('Complaint', id);
    requireAbility(viewer, 'read', 'Complaint', await this.subjectOf(reader, complaint));
    return complaint;
  }

  async subjectOf(manager: EntityManager, complaint: Complaint): Promise<ComplaintSubject> {
    const procurement = complaint.procurementId ? await this.records.procurementParties(manager, complaint.procurementId) : null;
    return {
      handlingOrganisationId: complaint.handlingOrganisationId,
      escalatedToId: complaint.escalatedToId,
      monitorId: procurement?.monitorId ?? null,
      implementerId: procurement?.implementerId ?? null,
    };
  }

  sectorLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintSector>('complaintSectorById', (ids) => this.records.sectorsById(this.transactions.reader, ids));
  }

  typeLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintType>('complaintTypeById', (ids) => this.records.typesById(this.transactions.reader, ids));
  }

  areaLoader(loaders: Loaders) {
    return loaders.get<string, Area>('areaById', (ids) => this.records.areasById(this.transactions.reader, ids));
  }

  procurementReferenceLoader(loaders: Loaders) {
    return loaders.get<string, string>('procurementReferenceById', (ids) => this.records.procurementReferences(this.transactions.reader, ids));
  }

  trackingNumberLoader(loaders: Loaders) {
    return loaders.get<string, string>('trackingNumberById', (ids) => this.records.trackingNumbers(this.transactions.reader, ids));
  }

  notesLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintNote[]>('complaintNotes', (ids) => this.records.notesOf(this.transactions.reader, ids));
  }

  eventsLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintEvent[]>('complaintEvents', (ids) => this.records.eventsOf(this.transactions.reader, ids));
  }

  additionsLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintAddition[]>('complaintAdditions', (ids) => this.records.additionsOf(this.transactions.reader, ids));
  }

  messagesLoader(loaders: Loaders) {
    return loaders.get<string, OutboundMessage[]>('complaintMessages', (ids) => this.records.messagesOf(this.transactions.reader, ids));
  }
}
