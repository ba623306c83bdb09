import { MembershipRole } from './roles.js';
import { OrganisationKind } from './roles.js';
import { defineAbilityFor } from './ability.factory.js';
import { accessibleSql } from './accessible-sql.js';
import type { ViewerUser } from './viewer-user.js';

const user = (memberships: Array<[OrganisationKind, string]>, platformAdmin = false): ViewerUser => ({
  id: 'u1',
  email: 'u1@example.org',
  name: 'U One',
  platformAdmin,
  memberships: memberships.map(([organisationKind, organisationId]) => ({
    organisationId,
    organisationKind,
    organisationName: organisationId,
    role: MembershipRole.MEMBER,
    title: '',
  })),
});

const FIELDS = {
  hasPublishedPact: () => 'EXISTS (published pact)',
  authorityId: 'p.authority_id',
  monitorId: 'p.monitor_id',
  implementerId: 'p.implementer_id',
  bidderIds: (param: string) => `EXISTS (bidders @> :${param})`,
};

describe('accessibleSql', () => {
  it('denies everything to someone with no rule', () => {
    expect(accessibleSql(defineAbilityFor(null), 'read', 'AuditEntry', FIELDS).where).toBe('FALSE');
  });

  it('lets the public see only the public record', () => {
    expect(accessibleSql(defineAbilityFor(null), 'read', 'Procurement', FIELDS).where).toBe('EXISTS (published pact)');
  });

  it('keeps a list that returns a field to the rules that let the viewer read that field', () => {
    const flags = { ...FIELDS, confirmed: () => "rf.status = 'CONFIRMED'" };
    const monitor = defineAbilityFor(user([[OrganisationKind.MONITOR, 'm1']]));
    // The public reads confirmed red flags, but not their evidence.
    expect(accessibleSql(defineAbilityFor(null), 'read', 'RedFlag', flags).where).toBe("(EXISTS (published pact) AND rf.status = 'CONFIRMED')");
    expect(accessibleSql(defineAbilityFor(null), 'read', 'RedFlag', flags, 'evidence').where).toBe('FALSE');
    expect(accessibleSql(monitor, 'read', 'RedFlag', flags, 'evidence').where).toMatch(/^p\.monitor_id = ANY\(:casl_\d+\)$/);
    expect(accessibleSql(monitor, 'read', 'RedFlag', flags).where).toMatch(
      /^\(p\.monitor_id = ANY\(:casl_\d+\) OR \(EXISTS \(published pact\) AND rf\.status = 'CONFIRMED'\)\)$/,
    );
  });

  it('allows everything to a platform admin', () => {
    expect(accessibleSql(defineAbilityFor(user([], true)), 'read', 'Procurement', FIELDS).where).toBe('TRUE');
  });

  it('turns each membership into an OR of parameterised conditions', () => {
    const { where, parameters } = accessibleSql(
      defineAbilityFor(
        user([
          [OrganisationKind.CONTRACTING_AUTHORITY, 'a1'],
          [OrganisationKind.BIDDER, 'b1'],
        ]),
      ),
      'read',
      'Procurement',
      FIELDS,
    );
    expect(where).toMatch(/^\(EXISTS \(bidders @> :casl_\d+\) OR p\.authority_id = ANY\(:casl_\d+\) OR EXISTS \(published pact\)\)$/);
    expect(Object.values(parameters)).toEqual([['b1'], ['a1'], [true]]);
  });

  it('fails closed on a field nobody mapped to SQL', () => {
    const ability = defineAbilityFor(user([[OrganisationKind.BIDDER, 'b1']]));
    expect(() => accessibleSql(ability, 'read', 'ProcurementBidder', FIELDS)).toThrow(/ProcurementBidder\.bidderId has no SQL mapping/);
  });
});
