import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service.js';
import { MembershipRole } from '../authorization/roles.js';
import { OrganisationKind } from '../authorization/roles.js';
import { AuthService } from '../auth/auth.service.js';
import { hashPassword } from '../auth/passwords.js';
import { defineAbilityFor } from '../authorization/ability.factory.js';
import type { Viewer } from '../authorization/viewer.js';
import { TransactionService } from '../database/transaction.service.js';
import { PactsService } from '../pacts/pacts.service.js';
import { Participation } from '../procurements/procurement-bidder.entity.js';
import { ProcurementsService } from '../procurements/procurements.service.js';
import { ReferralSettingsService } from '../complaints/referral/referral-settings.service.js';
import { MonitoredProcurementSeedService, type DemoCast } from './monitored-procurement-seed.service.js';
import { SeedRepository } from './seed.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export const DEMO_PASSWORD = 'pactwatch-demo';

/** Every demo login, listed in the README. */
export const DEMO_ACCOUNTS = {
  admin: 'admin@pactwatch.demo',
  authority: 'authority@pactwatch.demo',
  bidders: ['bidder1@pactwatch.demo', 'bidder2@pactwatch.demo', 'bidder3@pactwatch.demo'],
  monitor: 'monitor@pactwatch.demo',
  implementer: 'implementer@pactwatch.demo',
  partner: 'partner@pactwatch.demo',
  waterPartner: 'water-partner@pactwatch.demo',
  convener: 'convener@pactwatch.demo',
} as const;

export const DEMO_PROCUREMENT_REFERENCE = 'TCG/HLTH/2026/014';

/**
 * A small world for a newcomer to walk through: one of each kind of organisation, and a
 * procurement with a pact draft ready to publish. It goes in through the same services as
 * any user action, so the audit trail shows it like the rest.
 */
@Injectable()
export class DemoSeederService {
  private readonly logger = new Logger(DemoSeederService.name);

  constructor(
    private readonly transactions: TransactionService,
    private readonly repository: SeedRepository,
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
    private readonly procurements: ProcurementsService,
    private readonly pacts: PactsService,
    private readonly monitored: MonitoredProcurementSeedService,
    private readonly referralSettings: ReferralSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seedOnce(): Promise<void> {
    if (await this.repository.anyUser(this.transactions.reader)) return;
    this.logger.log('empty database: loading demo data (set SEED_DEMO_DATA=false to skip)');
    const admin = await this.repository.createPlatformAdmin(this.transactions.reader, {
      email: DEMO_ACCOUNTS.admin,
      name: 'Platform Administrator',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
    const { authority, implementer, monitor, partner, waterPartner, bidders, authorityUser, convener } = await this.createCast(await this.viewer(admin.id));
    // Health complaints from Turkana go to the health partners, water complaints to the water users'
    // association; the rest wait for the convener to refer them.
    const asConvener = await this.viewer(convener.id);
    await this.referralSettings.setRule(asConvener, { sectorCode: 'HEALTH', areaCode: 'TURKANA', organisationId: partner.id });
    await this.referralSettings.setRule(asConvener, { sectorCode: 'WATER', organisationId: waterPartner.id });

    const asAuthority = await this.viewer(authorityUser.id);
    const procurement = await this.procurements.create(asAuthority, {
      reference: DEMO_PROCUREMENT_REFERENCE,
      title: 'Supply of essential medicines to county health facilities',
      description: 'Framework contract for essential medicines and medical supplies for the 2027 financial year.',
      authorityId: authority.id,
      implementerId: implementer.id,
      monitorId: monitor.id,
      estimatedValue: '48500000.00',
      currency: 'KES',
      sector: 'Health',
      area: 'Turkana',
      tenderPeriodStart: new Date('2027-01-11T06:00:00Z'),
      tenderPeriodEnd: new Date('2027-02-08T09:00:00Z'),
    });
    for (const bidder of bidders) {
      await this.procurements.addBidder(asAuthority, { procurementId: procurement.id, bidderId: bidder.id, participation: Participation.INVITED });
    }
    await this.pacts.createDraft(asAuthority, { procurementId: procurement.id, templateKey: 'standard', language: 'en' });

    if (this.config.seedMonitoringDemo)
      await this.seedMonitoring(asAuthority, {
        authorityId: authority.id,
        monitorId: monitor.id,
        implementerId: implementer.id,
        bidderIds: bidders.map((b) => b.id),
      });
    this.logger.log(`demo data ready: log in as ${DEMO_ACCOUNTS.authority} / ${DEMO_PASSWORD}`);
  }

  /** The demo organisations and the people who log in for them. */
  private async createCast(asAdmin: Viewer) {
    const organisation = (name: string, kind: OrganisationKind) => this.accounts.createOrganisation(asAdmin, { name, kind, country: 'KE' });
    const person = (email: string, name: string, organisationId: string, role: MembershipRole, title: string, focalPerson = false) =>
      this.accounts.createUser(asAdmin, { email, name, password: DEMO_PASSWORD, organisationId, role, title, focalPerson });

    const authority = await organisation('County Government of Turkana', OrganisationKind.CONTRACTING_AUTHORITY);
    const implementer = await organisation('Lake Region Integrity Network', OrganisationKind.IP_IMPLEMENTER);
    const monitor = await organisation('Independent Procurement Monitors Ltd', OrganisationKind.MONITOR);
    const partner = await organisation('Turkana Community Health Partners', OrganisationKind.REFERRAL_PARTNER);
    const waterPartner = await organisation('Wajir Water Users Association', OrganisationKind.REFERRAL_PARTNER);
    const bidders = await Promise.all(
      ['Lodwar Medical Supplies Ltd', 'Rift Valley Pharma Distributors', 'Kakuma Health Logistics'].map((name) => organisation(name, OrganisationKind.BIDDER)),
    );

    const authorityUser = await person(DEMO_ACCOUNTS.authority, 'Amina Ekal', authority.id, MembershipRole.ADMIN, 'Head of Supply Chain Management');
    for (const [index, bidder] of bidders.entries()) {
      await person(
        DEMO_ACCOUNTS.bidders[index],
        ['Peter Lokorio', 'Grace Chebet', 'Hassan Abdi'][index],
        bidder.id,
        MembershipRole.SIGNATORY,
        'Managing Director',
      );
    }
    await person(DEMO_ACCOUNTS.monitor, 'Wanjiru Kamau', monitor.id, MembershipRole.MEMBER, 'Independent Monitor');
    await person(DEMO_ACCOUNTS.implementer, 'Joseph Ekiru', implementer.id, MembershipRole.ADMIN, 'Programme Manager');
    await person(DEMO_ACCOUNTS.partner, 'Mary Akai', partner.id, MembershipRole.MEMBER, 'Complaints Officer', true);
    await person(DEMO_ACCOUNTS.waterPartner, 'Abdullahi Farah', waterPartner.id, MembershipRole.MEMBER, 'Complaints Officer', true);
    const convener = await person(DEMO_ACCOUNTS.convener, 'Daniel Ewoi', partner.id, MembershipRole.CONVENER, 'Convener, Uwajibikaji Pamoja');
    return { authority, implementer, monitor, partner, waterPartner, bidders, authorityUser, convener };
  }

  private async seedMonitoring(asAuthority: Viewer, ids: Pick<DemoCast, 'authorityId' | 'monitorId' | 'implementerId' | 'bidderIds'>): Promise<void> {
    const emailsOf = (emails: readonly string[]) => Promise.all(emails.map((email) => this.viewerByEmail(email)));
    await this.monitored.seed({
      authority: asAuthority,
      monitor: await this.viewerByEmail(DEMO_ACCOUNTS.monitor),
      implementer: await this.viewerByEmail(DEMO_ACCOUNTS.implementer),
      bidders: await emailsOf(DEMO_ACCOUNTS.bidders),
      ...ids,
    });
  }

  private async viewerByEmail(email: string): Promise<Viewer> {
    return this.viewer(await this.repository.userIdByEmail(this.transactions.reader, email));
  }

  private async viewer(userId: string): Promise<Viewer> {
    const user = (await this.auth.loadUser(userId))!;
    return { user, ability: defineAbilityFor(user), requestId: 'demo-seed' };
  }
}
