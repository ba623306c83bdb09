import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Organisation } from '../accounts/organisation.entity.js';
import { User } from '../accounts/user.entity.js';
import { Finding } from '../findings/finding.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { Area } from './area.entity.js';
import { ComplaintSector } from './complaint-sector.entity.js';
import { ComplaintType } from './complaint-type.entity.js';

export enum ComplaintChannel {
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  WEB = 'WEB',
  WALK_IN = 'WALK_IN',
}
registerEnumType(ComplaintChannel, { name: 'ComplaintChannel' });

export enum ComplaintStatus {
  RECEIVED = 'RECEIVED',
  REFERRED = 'REFERRED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  REJECTED = 'REJECTED',
  CLOSED = 'CLOSED',
}
registerEnumType(ComplaintStatus, { name: 'ComplaintStatus' });

export enum ComplainantGender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  OTHER = 'OTHER',
}
registerEnumType(ComplainantGender, { name: 'ComplainantGender' });

export enum ComplainantAgeGroup {
  UNDER_18 = 'UNDER_18',
  FROM_18_TO_35 = 'FROM_18_TO_35',
  FROM_36_TO_60 = 'FROM_36_TO_60',
  OVER_60 = 'OVER_60',
}
registerEnumType(ComplainantAgeGroup, { name: 'ComplainantAgeGroup' });

/** How the complainant wants to hear back; NONE for an anonymous complaint or a walk-in who declined. */
export enum ContactChannel {
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  NONE = 'NONE',
}
registerEnumType(ContactChannel, { name: 'ContactChannel' });

/**
 * A complaint from the public, as the staff who handle it see it. The complainant sees the
 * narrower ComplaintStatusView; the contact details stay encrypted (contact-cipher.ts) and are
 * read through the `contact` field only by those CASL lets — the database alone never
 * reveals who complained.
 */
@ObjectType({ description: 'A complaint, as the organisation handling it, the convener, or the monitor of its procurement sees it.' })
@Entity('complaints')
@Unique('complaints_tracking_number_key', ['trackingNumber'])
@Check('complaints_tracking_number_check', `tracking_number ~ '^[2-9A-HJKMNP-Z]{9}$'`)
@Check('complaints_anonymous_check', 'anonymous = (name_encrypted IS NULL AND phone_encrypted IS NULL AND email_encrypted IS NULL)')
@Check('complaints_secret_hash_check', 'NOT anonymous OR secret_hash IS NOT NULL')
@Index('complaints_sector_id_idx', ['sectorId', 'createdAt'])
@Index('complaints_type_id_idx', ['typeId', 'createdAt'])
@Index('complaints_area_id_idx', ['areaId', 'createdAt'])
@Index('complaints_status_idx', ['status', 'createdAt'])
@Index('complaints_created_at_idx', ['createdAt'])
@Index('complaints_handling_organisation_id_idx', ['handlingOrganisationId', 'createdAt'])
@Index('complaints_acknowledge_due_at_idx', ['acknowledgeDueAt'], { where: `status = 'REFERRED'` })
@Index('complaints_resolve_due_at_idx', ['resolveDueAt'], { where: `status IN ('REFERRED', 'ACKNOWLEDGED', 'IN_PROGRESS')` })
@Index('complaints_time_to_first_action_idx', { synchronize: false })
@Index('complaints_organisation_time_to_first_action_idx', { synchronize: false })
@Index('complaints_time_to_resolution_idx', { synchronize: false })
@Index('complaints_organisation_time_to_resolution_idx', { synchronize: false })
/** The partner's queue, overdue first (migrations/1765260000000-PartnerQueue.ts). */
@Index('complaints_desk_queue_idx', { synchronize: false })
@Check('complaints_language_check', `language ~ '^[a-z]{2,3}$'`)
@Check('complaints_rating_check', 'rating BETWEEN 1 AND 5')
@Check('complaints_rejection_reason_check', `status <> 'REJECTED' OR rejection_reason IS NOT NULL`)
@Check('complaints_merged_into_id_check', 'merged_into_id <> id')
@Check('complaints_walk_in_check', `(channel = 'WALK_IN') = (walk_in_office IS NOT NULL AND recorded_by_id IS NOT NULL)`)
export class Complaint {
  /** Chosen by the service before the insert: the contact ciphertexts are bound to it. */
  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  /** Canonical form, without prefix or dashes (tracking-number.ts). */
  @Column({ type: 'char', length: 9 })
  trackingNumber: string;

  @Field(() => ComplaintChannel)
  @Column({ type: 'enum', enum: ComplaintChannel, enumName: 'complaint_channel' })
  channel: ComplaintChannel;

  @Field(() => ComplaintStatus)
  @Column({ type: 'enum', enum: ComplaintStatus, enumName: 'complaint_status', default: ComplaintStatus.RECEIVED })
  status: ComplaintStatus;

  @Field()
  @Column('text')
  description: string;

  /** Null until classified: messages by SMS and email arrive as free text. */
  @ForeignKey(() => ComplaintSector)
  @Column({ type: 'uuid', nullable: true })
  sectorId: string | null;

  @ForeignKey(() => ComplaintType)
  @Column({ type: 'uuid', nullable: true })
  typeId: string | null;

  @ForeignKey(() => Area)
  @Column({ type: 'uuid', nullable: true })
  areaId: string | null;

  @Field(() => ComplainantGender, { nullable: true })
  @Column({ type: 'enum', enum: ComplainantGender, enumName: 'complainant_gender', nullable: true })
  gender: ComplainantGender | null;

  @Field(() => ComplainantAgeGroup, { nullable: true })
  @Column({ type: 'enum', enum: ComplainantAgeGroup, enumName: 'complainant_age_group', nullable: true })
  ageGroup: ComplainantAgeGroup | null;

  /** A language with notification templates (templates/notifications); any, so adding one needs no code. */
  @Field()
  @Column({ type: 'varchar', length: 8, default: 'en' })
  language: string;

  @Field(() => ContactChannel)
  @Column({ type: 'enum', enum: ContactChannel, enumName: 'complaint_contact_channel' })
  contactBy: ContactChannel;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => Procurement)
  @Index('complaints_procurement_id_idx')
  @Column({ type: 'uuid', nullable: true })
  procurementId: string | null;

  /** True when no contact details were given; such a complaint is followed with its secret. */
  @Field()
  @Column()
  anonymous: boolean;

  @Column({ type: 'bytea', nullable: true })
  nameEncrypted: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  phoneEncrypted: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  emailEncrypted: Buffer | null;

  /** SHA-256 (hex) of the complainant's secret (every complaint but SMS ones, which the sender's number proves); see complaint-secret.ts. */
  @Column({ type: 'char', length: 64, nullable: true })
  secretHash: string | null;

  /** The organisation whose queue holds the complaint; null while it waits for the convener. */
  @Field(() => ID, { nullable: true })
  @ForeignKey(() => Organisation)
  @Column({ type: 'uuid', nullable: true })
  handlingOrganisationId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  referredAt: Date | null;

  /** Set at each referral from the complaint deadlines of the organisation and type. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgeDueAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  resolveDueAt: Date | null;

  /** When the handling organisation first acted (acknowledged or went further): the statistics' "time to act". */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  firstActionAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  @ForeignKey(() => Complaint)
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'smallint', nullable: true })
  rating: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  ratingComment: string | null;

  /** The finding the procurement's monitor made of the complaint. */
  @Field(() => ID, { nullable: true })
  @ForeignKey(() => Finding)
  @Column({ type: 'uuid', nullable: true })
  findingId: string | null;

  /** The implementer a twice-lapsed deadline escalated the complaint to. */
  @Field(() => ID, { nullable: true })
  @ForeignKey(() => Organisation)
  @Column({ type: 'uuid', nullable: true })
  escalatedToId: string | null;

  /** Walk-in complaints: the office and the staff member who filled in the form. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  walkInOffice: string | null;

  @Field(() => ID, { nullable: true })
  @ForeignKey(() => User)
  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @Field({ description: 'When it was lodged.' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
