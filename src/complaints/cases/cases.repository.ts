import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Procurement } from '../../procurements/procurement.entity.js';
import { ComplaintNote } from '../records/complaint-note.entity.js';

/** The SQL of staff handling beyond the complaint row (which is ComplaintsRepository's): notes, and the procurement a finding is recorded on. */
@Injectable()
export class CasesRepository {
  async addNote(tx: EntityManager, note: { complaintId: string; authorId: string; body: string }): Promise<ComplaintNote> {
    return tx.save(tx.create(ComplaintNote, note));
  }

  /** Fails when the procurement does not exist: a complaint only ever points at one that does. */
  procurement(tx: EntityManager, id: string): Promise<Procurement> {
    return tx.findOneByOrFail(Procurement, { id });
  }
}
