import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service.js';
import { OrganisationKind } from '../../authorization/roles.js';
import type { Viewer } from '../../authorization/viewer.js';
import { PageInput } from '../../pagination/page.js';
import { ComplaintsService } from '../complaints.service.js';
import { ClassificationSettingsService } from './classification-settings.service.js';
import type { ClassificationList } from './inputs/referral-settings-forms.input.js';
import type { AddAreaInput } from './inputs/classification.input.js';
import type { SetComplaintDeadlineInput, SetReferralRuleInput } from './inputs/referral-settings.input.js';
import { ReferralSettingsService } from './referral-settings.service.js';

/** The most organisations the forms offer; there are a handful of referral partners. */
const ORGANISATIONS_OFFERED = 200;

/**
 * The convener's settings page (issue 12, item 6): routing rules, deadlines and the lists
 * complaints are classified by, read and changed through the services behind the GraphQL
 * `referralRules`, `setReferralRule`, `complaintDeadlines`, `setComplaintDeadline`,
 * `addComplaintSector`, `addComplaintType` and `addArea`. Each change checks its own rule there.
 */
@Injectable()
export class ConvenerSettingsService {
  constructor(
    private readonly settings: ReferralSettingsService,
    private readonly classifications: ClassificationSettingsService,
    private readonly complaints: ComplaintsService,
    private readonly accounts: AccountsService,
  ) {}

  /** Everything the page shows, each rule and deadline with the names of what it points at: six statements whatever the lists' length. */
  async page() {
    const [rules, deadlines, sectors, types, areas, organisations] = await Promise.all([
      this.settings.rules(),
      this.settings.deadlines(),
      this.complaints.sectors(),
      this.complaints.types(),
      this.complaints.areas(),
      this.accounts.organisations({ kind: OrganisationKind.REFERRAL_PARTNER }, Object.assign(new PageInput(), { limit: ORGANISATIONS_OFFERED })),
    ]);
    const names = new Map<string, string>([...sectors, ...types, ...areas, ...organisations.items].map((x) => [x.id, x.name]));
    const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    return {
      rules: rules.map((r) => ({ id: r.id, sector: name(r.sectorId), area: name(r.areaId), type: name(r.typeId), organisation: name(r.organisationId) })),
      deadlines: deadlines.map((d) => ({
        organisation: name(d.organisationId),
        type: name(d.typeId),
        acknowledgeWithinHours: d.acknowledgeWithinHours,
        resolveWithinHours: d.resolveWithinHours,
      })),
      sectors,
      types,
      areas,
      organisations: organisations.items.map((o) => ({ id: o.id, name: o.name })),
    };
  }

  setRule(viewer: Viewer, input: SetReferralRuleInput) {
    return this.settings.setRule(viewer, input);
  }

  removeRule(viewer: Viewer, id: string) {
    return this.settings.removeRule(viewer, id);
  }

  setDeadline(viewer: Viewer, input: SetComplaintDeadlineInput) {
    return this.settings.setDeadline(viewer, input);
  }

  addToList(viewer: Viewer, list: ClassificationList, input: AddAreaInput) {
    const entry = { code: input.code, name: input.name };
    if (list === 'sector') return this.classifications.addSector(viewer, entry);
    if (list === 'type') return this.classifications.addType(viewer, entry);
    return this.classifications.addArea(viewer, input);
  }
}
