import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { actorId, requireAbility } from '../../authorization/require.js';
import type { Viewer } from '../../authorization/viewer.js';
import { TransactionService } from '../../database/transaction.service.js';
import { conflict } from '../../errors/domain-error.js';
import { Area } from '../area.entity.js';
import { ComplaintSector } from '../complaint-sector.entity.js';
import { ComplaintType } from '../complaint-type.entity.js';
import { countyNotFound } from '../complaints.errors.js';
import { ComplaintsRepository } from '../complaints.repository.js';
import type { AddAreaInput, AddClassificationInput } from './inputs/classification.input.js';
import { ReferralRepository, type ClassificationEntity } from './referral.repository.js';

/** Each list, the CASL subject guarding it and the audit action of an addition. */
const LISTS = {
  sector: { entity: ComplaintSector, subject: 'ComplaintSector', action: 'complaint_sector.added' },
  type: { entity: ComplaintType, subject: 'ComplaintType', action: 'complaint_type.added' },
  area: { entity: Area, subject: 'Area', action: 'area.added' },
} as const;

/** The convener extends the lists complaints are classified by; entries are never removed, since complaints refer to them. */
@Injectable()
export class ClassificationSettingsService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly complaints: ComplaintsRepository,
    private readonly referral: ReferralRepository,
    private readonly audit: AuditService,
  ) {}

  addSector(viewer: Viewer, input: AddClassificationInput): Promise<ComplaintSector> {
    return this.add(viewer, LISTS.sector, input);
  }

  addType(viewer: Viewer, input: AddClassificationInput): Promise<ComplaintType> {
    return this.add(viewer, LISTS.type, input);
  }

  addArea(viewer: Viewer, input: AddAreaInput): Promise<Area> {
    return this.add(viewer, LISTS.area, input, async (tx) => {
      if (!input.countyCode) return { parentId: null };
      const county = await this.complaints.countyByCode(tx, input.countyCode);
      if (!county) throw countyNotFound(input.countyCode);
      return { parentId: county.id };
    });
  }

  private async add<E extends ClassificationEntity>(
    viewer: Viewer,
    { entity, subject, action }: { entity: E; subject: 'ComplaintSector' | 'ComplaintType' | 'Area'; action: string },
    input: AddClassificationInput,
    extra: (tx: EntityManager) => Promise<{ parentId?: string | null }> = () => Promise.resolve({}),
  ): Promise<InstanceType<E>> {
    requireAbility(viewer, 'create', subject, {});
    return this.transactions.run(async (tx) => {
      if (await this.referral.codeTaken(tx, entity, input.code)) throw conflict('CODE_TAKEN', `The code ${input.code} is already in use`, { field: 'code' });
      const row = await this.referral.addClassification(tx, entity, { code: input.code, name: input.name.trim(), ...(await extra(tx)) });
      await this.audit.append(tx, { actorId: actorId(viewer), action, subjectType: subject, subjectId: row.id, data: { ...row } });
      return row;
    });
  }
}
