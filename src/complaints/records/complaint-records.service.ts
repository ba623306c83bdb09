import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { notFound } from '../../errors/domain-error.js';
import { groupBy, type Loaders } from '../../graphql/loaders.js';
import { OutboundMessage } from '../../notifications/outbound-message.entity.js';
import { Area } from '../area.entity.js';
import { ComplaintAddition } from './complaint-addition.entity.js';
import { ComplaintEvent } from '../complaint-event.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';
import { Complaint } from '../complaint.entity.js';

/** What the complaint's CASL rules are decided on. */
export interface ComplaintSubject {
  handlingOrganisationId: string | null;
  escalatedToId: string | null;
  monitorId: string | null;
  implementerId: string | null;
}

/** One complaint and what hangs off it, loaded in batches per request whatever the number of complaints shown. */
@Injectable()
export class ComplaintRecordsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async readable(viewer: Viewer, id: string): Promise<Complaint> {
    const complaint = await this.db.getRepository(Complaint).findOneBy({ id });
    if (!complaint) throw notFound('Complaint', id);
    requireAbility(viewer, 'read', 'Complaint', await this.subjectOf(this.db.manager, complaint));
    return complaint;
  }

  async subjectOf(manager: EntityManager, complaint: Complaint): Promise<ComplaintSubject> {
    const [procurement]: Array<{ monitor_id: string | null; implementer_id: string | null }> = complaint.procurementId
      ? await manager.query('SELECT monitor_id, implementer_id FROM procurements WHERE id = $1', [complaint.procurementId])
      : [];
    return {
      handlingOrganisationId: complaint.handlingOrganisationId,
      escalatedToId: complaint.escalatedToId,
      monitorId: procurement?.monitor_id ?? null,
      implementerId: procurement?.implementer_id ?? null,
    };
  }

  sectorLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintSector>('complaintSectorById', (ids) => this.byId(ComplaintSector, ids));
  }

  typeLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintType>('complaintTypeById', (ids) => this.byId(ComplaintType, ids));
  }

  areaLoader(loaders: Loaders) {
    return loaders.get<string, Area>('areaById', (ids) => this.byId(Area, ids));
  }

  procurementReferenceLoader(loaders: Loaders) {
    return loaders.get<string, string>('procurementReferenceById', async (ids) => {
      const rows: Array<{ id: string; reference: string }> = await this.db.query('SELECT id, reference FROM procurements WHERE id = ANY($1)', [ids]);
      return new Map(rows.map((r) => [r.id, r.reference]));
    });
  }

  trackingNumberLoader(loaders: Loaders) {
    return loaders.get<string, string>('trackingNumberById', async (ids) => {
      const rows: Array<{ id: string; tracking_number: string }> = await this.db.query('SELECT id, tracking_number FROM complaints WHERE id = ANY($1)', [ids]);
      return new Map(rows.map((r) => [r.id, r.tracking_number]));
    });
  }

  notesLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintNote[]>('complaintNotes', (ids) => this.byComplaint(ComplaintNote, ids, 'createdAt'));
  }

  eventsLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintEvent[]>('complaintEvents', (ids) => this.byComplaint(ComplaintEvent, ids, 'seq'));
  }

  additionsLoader(loaders: Loaders) {
    return loaders.get<string, ComplaintAddition[]>('complaintAdditions', (ids) => this.byComplaint(ComplaintAddition, ids, 'createdAt'));
  }

  messagesLoader(loaders: Loaders) {
    return loaders.get<string, OutboundMessage[]>('complaintMessages', async (ids) => {
      const messages = await this.db.getRepository(OutboundMessage).find({ where: { complaintId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
      return groupBy(messages, (m) => m.complaintId!);
    });
  }

  private async byId<T extends { id: string }>(entity: new () => T, ids: readonly string[]): Promise<Map<string, T>> {
    const rows = await this.db.getRepository(entity).findBy({ id: In([...ids]) } as never);
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async byComplaint<T extends { complaintId: string; id: string }>(entity: new () => T, ids: readonly string[], order: keyof T & string): Promise<Map<string, T[]>> {
    const rows = await this.db.getRepository(entity).find({ where: { complaintId: In([...ids]) } as never, order: { [order]: 'ASC', id: 'ASC' } as never });
    return groupBy(rows, (row) => row.complaintId);
  }
}
