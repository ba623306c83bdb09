import { registerEnumType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
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

export enum ComplaintLanguage {
  EN = 'en',
  SW = 'sw',
}
registerEnumType(ComplaintLanguage, { name: 'ComplaintLanguage', description: 'The language the complainant is answered in.' });

/**
 * A complaint from the public. Not a GraphQL type: what the complainant and the public may
 * see is projected into ComplaintStatusView, and the contact details stay encrypted
 * (contact-cipher.ts) — the database alone never reveals who complained.
 */
@Entity('complaints')
@Unique('complaints_tracking_number_key', ['trackingNumber'])
@Check('complaints_tracking_number_check', `tracking_number ~ '^[2-9A-HJKMNP-Z]{9}$'`)
@Check('complaints_anonymous_check', 'anonymous = (name_encrypted IS NULL AND phone_encrypted IS NULL AND email_encrypted IS NULL)')
@Check('complaints_secret_hash_check', 'anonymous = (secret_hash IS NOT NULL)')
@Index('complaints_sector_id_idx', ['sectorId', 'createdAt'])
@Index('complaints_type_id_idx', ['typeId', 'createdAt'])
@Index('complaints_area_id_idx', ['areaId', 'createdAt'])
@Index('complaints_status_idx', ['status', 'createdAt'])
@Index('complaints_created_at_idx', ['createdAt'])
export class Complaint {
  /** Chosen by the service before the insert: the contact ciphertexts are bound to it. */
  @PrimaryColumn('uuid')
  id: string;

  /** Canonical form, without prefix or dashes (tracking-number.ts). */
  @Column({ type: 'char', length: 9 })
  trackingNumber: string;

  @Column({ type: 'enum', enum: ComplaintChannel, enumName: 'complaint_channel' })
  channel: ComplaintChannel;

  @Column({ type: 'enum', enum: ComplaintStatus, enumName: 'complaint_status', default: ComplaintStatus.RECEIVED })
  status: ComplaintStatus;

  @Column('text')
  description: string;

  @ForeignKey(() => ComplaintSector)
  @Column('uuid')
  sectorId: string;

  @ForeignKey(() => ComplaintType)
  @Column('uuid')
  typeId: string;

  @ForeignKey(() => Area)
  @Column('uuid')
  areaId: string;

  @Column({ type: 'enum', enum: ComplainantGender, enumName: 'complainant_gender', nullable: true })
  gender: ComplainantGender | null;

  @Column({ type: 'enum', enum: ComplainantAgeGroup, enumName: 'complainant_age_group', nullable: true })
  ageGroup: ComplainantAgeGroup | null;

  @Column({ type: 'enum', enum: ComplaintLanguage, enumName: 'complaint_language', default: ComplaintLanguage.EN })
  language: ComplaintLanguage;

  @ForeignKey(() => Procurement)
  @Index('complaints_procurement_id_idx')
  @Column({ type: 'uuid', nullable: true })
  procurementId: string | null;

  /** True when no contact details were given; such a complaint is followed with its secret. */
  @Column()
  anonymous: boolean;

  @Column({ type: 'bytea', nullable: true })
  nameEncrypted: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  phoneEncrypted: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  emailEncrypted: Buffer | null;

  /** SHA-256 (hex) of the anonymous complainant's secret; see complaint-secret.ts. */
  @Column({ type: 'char', length: 64, nullable: true })
  secretHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
