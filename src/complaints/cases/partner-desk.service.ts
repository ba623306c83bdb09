import { subject as asSubject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { accessibleSql } from '../../authorization/accessible-sql.js';
import type { Viewer } from '../../authorization/viewer.js';
import { ClockService } from '../../clock/clock.service.js';
import { ContactVaultService, type ComplainantContact } from '../../contacts/contact-vault.service.js';
import { TransactionService } from '../../database/transaction.service.js';
import { forbidden } from '../../errors/domain-error.js';
import { NotificationTemplatesService } from '../../notifications/notification-templates.service.js';
import type { OutboundMessage } from '../../notifications/outbound-message.entity.js';
import type { Area } from '../area.entity.js';
import type { ComplaintEvent } from '../complaint-event.entity.js';
import type { ComplaintSector } from '../complaint-sector.entity.js';
import { allowedStatusMoves } from '../complaint-status.js';
import type { ComplaintType } from '../complaint-type.entity.js';
import { ComplaintStatus, type Complaint } from '../complaint.entity.js';
import { ComplaintsService } from '../complaints.service.js';
import { ComplainantDeskService } from '../intake/complainant-desk.service.js';
import type { LodgedComplaint } from '../intake/complaint-intake.service.js';
import type { WalkInComplaintInput } from '../intake/inputs/walk-in-complaint.input.js';
import type { ComplaintAddition } from '../records/complaint-addition.entity.js';
import type { ComplaintNote } from '../records/complaint-note.entity.js';
import { complaintFieldSubject, ComplaintRecordsService } from '../records/complaint-records.service.js';
import { RecordsRepository } from '../records/records.repository.js';
import { formatTrackingNumber } from '../tracking-number.js';
import { CasesRepository, type DeskQueueQuery, type DeskQueueRow } from './cases.repository.js';
import { ComplaintHandlingService } from './complaint-handling.service.js';

/** The complaint columns the queue's rules are written on, as the queue's SQL names them. */
const DESK_SQL = { handlingOrganisationId: 'c.handling_organisation_id', escalatedToId: 'c.escalated_to_id' };

export interface DeskOrganisation {
  id: string;
  name: string;
}

export interface DeskQueueFilter {
  status?: ComplaintStatus;
  sector?: string;
  area?: string;
}

export interface DeskQueueItem extends DeskQueueRow {
  overdue: boolean;
}

/** How far a queue counts beyond the page asked for: ten pages of fifty (see CasesRepository.deskQueue). */
const COUNTED_AHEAD = 500;

export interface DeskQueue {
  items: DeskQueueItem[];
  /** Exact unless `moreThanCounted`: then there are more than this many. */
  totalCount: number;
  moreThanCounted: boolean;
  sectors: ComplaintSector[];
  areas: Area[];
}

/** A complaint as its page shows it: what the rules let the viewer see of it, and what they may do next. */
export interface DeskComplaint {
  complaint: Complaint;
  trackingNumber: string;
  sector: ComplaintSector | null;
  type: ComplaintType | null;
  area: Area | null;
  county: Area | null;
  overdue: boolean;
  dueAt: Date | null;
  /** Undefined when the rules withhold it, null for an anonymous complaint. */
  contact?: ComplainantContact | null;
  history: ComplaintEvent[];
  additions: ComplaintAddition[];
  /** Undefined when the rules withhold them. */
  notes?: ComplaintNote[];
  messages?: OutboundMessage[];
  /** The statuses the viewer may move it to; empty when they may not change it. */
  moves: ComplaintStatus[];
  mayAddNote: boolean;
}

/**
 * The referral partner's desk on the website (issue 12, item 5): its queue, one complaint, status
 * changes and notes through ComplaintHandlingService and walk-ins through ComplainantDeskService,
 * the same services as GraphQL. Whose desk it is comes from the CASL rules: the organisations
 * whose office the viewer may record walk-in complaints for, the referral partners' staff.
 */
@Injectable()
export class PartnerDeskService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly cases: CasesRepository,
    private readonly records: RecordsRepository,
    private readonly complaintRecords: ComplaintRecordsService,
    private readonly complaints: ComplaintsService,
    private readonly handling: ComplaintHandlingService,
    private readonly desk: ComplainantDeskService,
    private readonly vault: ContactVaultService,
    private readonly clock: ClockService,
    private readonly templates: NotificationTemplatesService,
  ) {}

  /** The organisations whose desk the viewer works at; empty for anyone who is not a referral partner's staff. */
  organisations(viewer: Viewer): DeskOrganisation[] {
    const memberships = viewer.user?.memberships ?? [];
    return memberships
      .filter((m) => viewer.ability.can('create', asSubject('Complaint', { recordingOrganisationId: m.organisationId })))
      .map((m) => ({ id: m.organisationId, name: m.organisationName }));
  }

  /** For the workspace's home: what waits on the desk, or null for a viewer who has none (no SQL then). */
  async summary(viewer: Viewer): Promise<{ open: number; overdue: number } | null> {
    const organisations = this.organisations(viewer);
    if (!organisations.length) return null;
    const access = accessibleSql(viewer.ability, 'update', 'Complaint', DESK_SQL);
    return this.cases.deskSummary(
      this.transactions.reader,
      access,
      organisations.map((o) => o.id),
      this.clock.now(),
    );
  }

  async queue(viewer: Viewer, filter: DeskQueueFilter, page: { limit: number; offset: number }): Promise<DeskQueue> {
    const organisationIds = this.requireDesk(viewer).map((o) => o.id);
    return this.deskQueue({
      access: accessibleSql(viewer.ability, 'update', 'Complaint', DESK_SQL),
      organisationIds,
      status: filter.status,
      sectorCode: filter.sector,
      areaCode: filter.area,
      ...page,
    });
  }

  /** A page of a desk's queue (the partner's, or the convener's over every organisation), with the sectors and areas its filters offer. */
  async deskQueue(query: DeskQueueQuery): Promise<DeskQueue> {
    const countedUpTo = query.offset + query.limit + COUNTED_AHEAD;
    const [[rows, counted], sectors, areas] = await Promise.all([
      this.cases.deskQueue(this.transactions.reader, query, countedUpTo + 1),
      this.complaints.sectors(),
      this.complaints.areas(),
    ]);
    const now = this.clock.now();
    return {
      items: rows.map((row) => ({ ...row, trackingNumber: formatTrackingNumber(row.trackingNumber), overdue: !!row.dueAt && row.dueAt < now })),
      totalCount: Math.min(counted, countedUpTo),
      moreThanCounted: counted > countedUpTo,
      sectors,
      areas,
    };
  }

  /** One complaint, as the GraphQL `complaint` query reads it; the contact, notes and messages only as their own rules allow. */
  async complaint(viewer: Viewer, id: string): Promise<DeskComplaint> {
    const complaint = await this.complaintRecords.readable(viewer, id);
    const reader = this.transactions.reader;
    const fields = complaintFieldSubject(complaint);
    const may = (action: 'read' | 'create', subject: 'ComplaintContact' | 'ComplaintNote' | 'OutboundMessage') =>
      viewer.ability.can(action, asSubject(subject, { ...fields }));
    const ids = [complaint.id];
    const areaIds = complaint.areaId ? [complaint.areaId] : [];
    const [sectors, types, areas, history, additions, notes, messages] = await Promise.all([
      complaint.sectorId ? this.records.sectorsById(reader, [complaint.sectorId]) : new Map<string, ComplaintSector>(),
      complaint.typeId ? this.records.typesById(reader, [complaint.typeId]) : new Map<string, ComplaintType>(),
      this.records.areasById(reader, areaIds),
      this.records.eventsOf(reader, ids),
      this.records.additionsOf(reader, ids),
      may('read', 'ComplaintNote') ? this.records.notesOf(reader, ids) : undefined,
      may('read', 'OutboundMessage') ? this.records.messagesOf(reader, ids) : undefined,
    ]);
    const area = (complaint.areaId && areas.get(complaint.areaId)) || null;
    const county = area?.parentId ? ((await this.records.areasById(reader, [area.parentId])).get(area.parentId) ?? null) : null;
    const dueAt = runningDeadline(complaint);
    const mayUpdate = viewer.ability.can('update', asSubject('Complaint', { ...(await this.complaintRecords.subjectOf(reader, complaint)) }));
    return {
      complaint,
      trackingNumber: formatTrackingNumber(complaint.trackingNumber),
      sector: (complaint.sectorId && sectors.get(complaint.sectorId)) || null,
      type: (complaint.typeId && types.get(complaint.typeId)) || null,
      area,
      county,
      dueAt,
      overdue: !!dueAt && dueAt < this.clock.now(),
      contact: may('read', 'ComplaintContact') ? (complaint.anonymous ? null : this.vault.open(complaint.id, complaint)) : undefined,
      history: history.get(complaint.id) ?? [],
      additions: additions.get(complaint.id) ?? [],
      notes: notes && (notes.get(complaint.id) ?? []),
      messages: messages && (messages.get(complaint.id) ?? []),
      moves: mayUpdate ? allowedStatusMoves(complaint.status) : [],
      mayAddNote: may('create', 'ComplaintNote'),
    };
  }

  setStatus(viewer: Viewer, complaintId: string, status: ComplaintStatus, reason: string | undefined): Promise<Complaint> {
    return this.handling.setStatus(viewer, { complaintId, status, reason });
  }

  addNote(viewer: Viewer, complaintId: string, body: string): Promise<ComplaintNote> {
    return this.handling.addNote(viewer, complaintId, body);
  }

  /** What the walk-in form offers: the desk's organisations, the lists a complaint is classified by, the languages replies can be sent in. */
  async walkInChoices(viewer: Viewer) {
    const organisations = this.requireDesk(viewer);
    return { organisations, ...(await this.complaints.classificationLists()), replyLanguages: this.templates.languages() };
  }

  lodgeWalkIn(viewer: Viewer, input: WalkInComplaintInput): Promise<LodgedComplaint> {
    return this.desk.lodgeWalkIn(viewer, input);
  }

  /** Replies go out in the page's language when there are messages in it, else in English. */
  replyLanguage(lang: string): string {
    return this.templates.languages().includes(lang) ? lang : 'en';
  }

  private requireDesk(viewer: Viewer): DeskOrganisation[] {
    const organisations = this.organisations(viewer);
    if (!organisations.length) throw forbidden('Only the staff of a referral partner work at its complaint desk');
    return organisations;
  }
}

/** As complaints_desk_queue_idx orders the queue: the deadline that runs in the complaint's status. */
function runningDeadline(complaint: Complaint): Date | null {
  switch (complaint.status) {
    case ComplaintStatus.REFERRED:
      return complaint.acknowledgeDueAt;
    case ComplaintStatus.ACKNOWLEDGED:
    case ComplaintStatus.IN_PROGRESS:
      return complaint.resolveDueAt;
    default:
      return null;
  }
}
