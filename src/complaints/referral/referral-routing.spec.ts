import { chooseDeadline, chooseReferralRule } from './referral-routing.js';

const rule = (name: string, scope: { sectorId?: string; areaId?: string; typeId?: string }) => ({ name, sectorId: null, areaId: null, typeId: null, ...scope });
const complaint = { sectorId: 'health', typeId: 'corruption', areaId: 'loima', countyId: 'turkana' };

describe('chooseReferralRule', () => {
  it('matches nothing when no rule fits, so the complaint waits for the convener', () => {
    expect(chooseReferralRule([rule('water', { sectorId: 'water' })], complaint)).toBeNull();
  });

  it('lets an empty part match anything, and a county rule cover its sub-counties', () => {
    expect(chooseReferralRule([rule('catch-all', {})], complaint)?.name).toBe('catch-all');
    expect(chooseReferralRule([rule('turkana', { areaId: 'turkana' })], complaint)?.name).toBe('turkana');
  });

  it('prefers the rule naming more parts, whatever the order', () => {
    const rules = [rule('catch-all', {}), rule('health', { sectorId: 'health' }), rule('health-turkana', { sectorId: 'health', areaId: 'turkana' })];
    expect(chooseReferralRule(rules, complaint)?.name).toBe('health-turkana');
    expect(chooseReferralRule([...rules].reverse(), complaint)?.name).toBe('health-turkana');
  });

  it('breaks ties by type over sector over area, and sub-county over county', () => {
    expect(chooseReferralRule([rule('county', { areaId: 'turkana' }), rule('sub-county', { areaId: 'loima' })], complaint)?.name).toBe('sub-county');
    expect(
      chooseReferralRule([rule('sector', { sectorId: 'health' }), rule('type', { typeId: 'corruption' }), rule('area', { areaId: 'loima' })], complaint)?.name,
    ).toBe('type');
    expect(chooseReferralRule([rule('area', { areaId: 'loima' }), rule('sector', { sectorId: 'health' })], complaint)?.name).toBe('sector');
  });

  it('routes an unclassified complaint only by rules that name nothing it lacks', () => {
    const unclassified = { sectorId: null, typeId: null, areaId: null, countyId: null };
    expect(chooseReferralRule([rule('health', { sectorId: 'health' }), rule('catch-all', {})], unclassified)?.name).toBe('catch-all');
  });
});

describe('chooseDeadline', () => {
  const deadline = (name: string, organisationId: string | null, typeId: string | null) => ({
    name,
    organisationId,
    typeId,
    acknowledgeWithinHours: 1,
    resolveWithinHours: 2,
  });
  const deadlines = [
    deadline('default', null, null),
    deadline('corruption', null, 'corruption'),
    deadline('partner', 'partner', null),
    deadline('partner-corruption', 'partner', 'corruption'),
  ];

  it('takes the organisation and type entry first, then the organisation’s, then the type’s, then the default', () => {
    expect(chooseDeadline(deadlines, 'partner', 'corruption')?.name).toBe('partner-corruption');
    expect(chooseDeadline(deadlines, 'partner', 'service')?.name).toBe('partner');
    expect(chooseDeadline(deadlines, 'other', 'corruption')?.name).toBe('corruption');
    expect(chooseDeadline(deadlines, 'other', null)?.name).toBe('default');
  });

  it('finds none without a default', () => {
    expect(chooseDeadline([deadline('partner', 'partner', null)], 'other', null)).toBeNull();
  });
});
