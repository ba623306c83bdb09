import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InsertBatch } from '../../database/insert-rows.js';
import { ComplaintEvent } from '../complaint-event.entity.js';
import { Complaint, type ComplaintChannel } from '../complaint.entity.js';
import { ComplaintAddition } from '../records/complaint-addition.entity.js';

/**
 * The SQL of intake: complaints stored many at once with their first history, what the
 * complainant adds, and their rating. The complaint row itself and its later history are in
 * ComplaintsRepository.
 */
@Injectable()
export class IntakeRepository {
  /** The complaints, however many arrived together, and the first steps of their histories: inserted with `rows`, in one statement. */
  addComplaints(rows: InsertBatch, complaints: Complaint[], steps: Array<Partial<ComplaintEvent>>): void {
    rows.add(Complaint, complaints).add(ComplaintEvent, steps);
  }

  async addAddition(tx: EntityManager, addition: { complaintId: string; channel: ComplaintChannel; body: string }): Promise<void> {
    await tx.insert(ComplaintAddition, addition);
  }

  async setRating(tx: EntityManager, complaintId: string, rating: number, comment: string | null): Promise<void> {
    await tx.update(Complaint, { id: complaintId }, { rating, ratingComment: comment });
  }
}
