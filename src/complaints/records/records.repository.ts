import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { groupBy } from '../../graphql/loaders.js';
import { OutboundMessage } from '../../notifications/outbound-message.entity.js';
import { Area } from '../area.entity.js';
import { ComplaintEvent } from '../complaint-event.entity.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';
import { ComplaintAddition } from './complaint-addition.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';

/** The monitor and implementer of a procurement, on which a complaint's CASL rules partly depend. */
export interface ProcurementParties {
  monitorId: string | null;
  implementerId: string | null;
}

/**
 * The SQL of what hangs off a complaint, each read for a whole set of complaints at once (the
 * DataLoaders' batches): classifications, notes, history, additions, messages, references.
 */
@Injectable()
export class RecordsRepository {
  /** Null when the procurement does not exist. */
  async procurementParties(tx: EntityManager, procurementId: string): Promise<ProcurementParties | null> {
    const [row]: Array<{ monitor_id: string | null; implementer_id: string | null }> = await tx.query(
      'SELECT monitor_id, implementer_id FROM procurements WHERE id = $1',
      [procurementId],
    );
    return row ? { monitorId: row.monitor_id, implementerId: row.implementer_id } : null;
  }

  sectorsById(tx: EntityManager, ids: readonly string[]): Promise<Map<string, ComplaintSector>> {
    return this.byId(tx, ComplaintSector, ids);
  }

  typesById(tx: EntityManager, ids: readonly string[]): Promise<Map<string, ComplaintType>> {
    return this.byId(tx, ComplaintType, ids);
  }

  areasById(tx: EntityManager, ids: readonly string[]): Promise<Map<string, Area>> {
    return this.byId(tx, Area, ids);
  }

  async procurementReferences(tx: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; reference: string }> = await tx.query('SELECT id, reference FROM procurements WHERE id = ANY($1)', [ids]);
    return new Map(rows.map((row) => [row.id, row.reference]));
  }

  async trackingNumbers(tx: EntityManager, complaintIds: readonly string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; tracking_number: string }> = await tx.query('SELECT id, tracking_number FROM complaints WHERE id = ANY($1)', [
      complaintIds,
    ]);
    return new Map(rows.map((row) => [row.id, row.tracking_number]));
  }

  notesOf(tx: EntityManager, complaintIds: readonly string[]): Promise<Map<string, ComplaintNote[]>> {
    return this.byComplaint(tx, ComplaintNote, complaintIds, 'createdAt');
  }

  /** History steps in the order they happened. */
  eventsOf(tx: EntityManager, complaintIds: readonly string[]): Promise<Map<string, ComplaintEvent[]>> {
    return this.byComplaint(tx, ComplaintEvent, complaintIds, 'seq');
  }

  additionsOf(tx: EntityManager, complaintIds: readonly string[]): Promise<Map<string, ComplaintAddition[]>> {
    return this.byComplaint(tx, ComplaintAddition, complaintIds, 'createdAt');
  }

  async messagesOf(tx: EntityManager, complaintIds: readonly string[]): Promise<Map<string, OutboundMessage[]>> {
    const messages = await tx.find(OutboundMessage, { where: { complaintId: In([...complaintIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return groupBy(messages, (message) => message.complaintId!);
  }

  private async byId<T extends { id: string }>(tx: EntityManager, entity: new () => T, ids: readonly string[]): Promise<Map<string, T>> {
    const rows = await tx.findBy(entity, { id: In([...ids]) } as never);
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async byComplaint<T extends { complaintId: string; id: string }>(
    tx: EntityManager,
    entity: new () => T,
    complaintIds: readonly string[],
    order: keyof T & string,
  ): Promise<Map<string, T[]>> {
    const rows = await tx.find(entity, { where: { complaintId: In([...complaintIds]) } as never, order: { [order]: 'ASC', id: 'ASC' } as never });
    return groupBy(rows, (row) => row.complaintId);
  }
}
