import { INDICATORS, INDICATOR_BY_CODE, evaluateIndicator } from './indicators.js';
import { cents, percentChange } from './money.js';
import type { FactAward, FactBid, FactContract, FactOrganisation, RedFlagFacts } from './red-flag-facts.js';

const DEADLINE = new Date('2027-02-08T09:00:00Z');
const hours = (n: number) => new Date(DEADLINE.getTime() + n * 3_600_000);

const company = (id: string, contact: Partial<FactOrganisation> = {}): FactOrganisation => ({
  id,
  name: `Company ${id.toUpperCase()}`,
  address: null,
  contactEmail: null,
  contactPhone: null,
  ...contact,
});
const bid = (bidderId: string, amount: string, more: Partial<FactBid> = {}): FactBid => ({
  id: `bid-${bidderId}-${amount}`,
  bidderId,
  amount,
  currency: 'KES',
  receivedAt: hours(-24),
  disqualified: false,
  ...more,
});
const award = (supplierId: string, amount: string, more: Partial<FactAward> = {}): FactAward => ({
  id: `award-${supplierId}`,
  supplierId,
  amount,
  currency: 'KES',
  awardedAt: hours(24 * 14),
  ...more,
});
const contract = (value: string, amendments: Array<[string, string]>): FactContract => ({
  id: `contract-${value}`,
  awardId: 'award-a',
  value,
  currency: 'KES',
  signedAt: hours(24 * 30),
  amendments: amendments.map(([day, newValue]) => ({ amendedAt: new Date(day), createdAt: new Date(day), newValue })),
});

function facts(overrides: Partial<RedFlagFacts> = {}, procurement: Partial<RedFlagFacts['procurement']> = {}): RedFlagFacts {
  return {
    procurement: {
      authorityId: 'authority',
      procurementMethod: 'open',
      estimatedValue: '1000.00',
      currency: 'KES',
      tenderPeriodStart: new Date('2027-01-11T09:00:00Z'),
      tenderPeriodEnd: DEADLINE,
      ...procurement,
    },
    organisations: ['a', 'b', 'c'].map((id) => company(id)),
    bids: [],
    awards: [],
    awardsByAuthorityTo: {},
    contracts: [],
    pact: { version: 1, signers: ['authority', 'a', 'b', 'c'] },
    complaintCount: 0,
    ...overrides,
  };
}

/** Evaluates one indicator with its default threshold, or the one given. */
function run(code: string, given: RedFlagFacts, threshold: number | null = null) {
  return evaluateIndicator(INDICATOR_BY_CODE.get(code)!, given, threshold);
}
const triggered = (code: string, given: RedFlagFacts, threshold: number | null = null) => run(code, given, threshold).triggered;

describe('the indicator catalogue', () => {
  it('has at least twelve indicators, each with a unique code, a definition and a coherent threshold', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(INDICATORS.map((i) => i.code)).size).toBe(INDICATORS.length);
    for (const indicator of INDICATORS) {
      expect(indicator.code).toMatch(/^(R\d{3}|PW-\d{3})$/);
      expect(indicator.title.length).toBeGreaterThan(5);
      expect(indicator.definition.length).toBeGreaterThan(20);
      expect(indicator.defaultThreshold === null).toBe(indicator.thresholdUnit === null);
    }
    expect(INDICATORS.map((i) => i.code)).toEqual(expect.arrayContaining(['R003', 'R018', 'R028', 'R030', 'R035', 'R036']));
  });

  it('leaves every indicator quiet on a procurement with no data yet', () => {
    const empty = facts();
    for (const indicator of INDICATORS) expect([indicator.code, evaluateIndicator(indicator, empty, null).triggered]).toEqual([indicator.code, false]);
  });
});

describe('money arithmetic', () => {
  it('reads decimal strings as exact cents', () => {
    expect(cents('1250000.00')).toBe(125000000n);
    expect(cents('100.5')).toBe(10050n);
    expect(cents('7')).toBe(700n);
    expect(cents('9999999999999999.99')).toBe(999999999999999999n);
  });

  it('computes percentages without floating-point noise at the boundary', () => {
    expect(percentChange(cents('100.00'), cents('110.00'))).toBe(10);
    expect(percentChange(cents('1000.00'), cents('1100.01'))).toBe(10.001);
    expect(percentChange(cents('100.00'), cents('90.00'))).toBe(-10);
  });
});

describe('R003 short submission period', () => {
  const period = (days: number) => facts({}, { tenderPeriodStart: new Date(DEADLINE.getTime() - days * 86_400_000) });
  it('flags a tender period shorter than the threshold in days', () => {
    expect(run('R003', period(14))).toEqual({
      triggered: true,
      evidence: { tenderPeriodStart: '2027-01-25T09:00:00.000Z', tenderPeriodEnd: '2027-02-08T09:00:00.000Z', days: 14 },
    });
    expect(triggered('R003', period(14.99))).toBe(true);
  });
  it('does not flag a period of exactly the threshold or longer', () => {
    expect(triggered('R003', period(15))).toBe(false);
    expect(triggered('R003', period(28))).toBe(false);
    expect(triggered('R003', period(15), 20)).toBe(true);
  });
  it('does not apply without a tender period or to a non-competitive procedure', () => {
    expect(run('R003', facts({}, { tenderPeriodStart: null })).evidence).toEqual({ excluded: 'the tender period is not set' });
    expect(run('R003', facts({}, { procurementMethod: 'direct', tenderPeriodStart: hours(-24) })).triggered).toBe(false);
  });
});

describe('R018 single bid received', () => {
  it('flags bids from a single bidder, however many bids it sent', () => {
    expect(run('R018', facts({ bids: [bid('a', '900.00')] }))).toEqual({
      triggered: true,
      evidence: { bidderCount: 1, bidders: [{ id: 'a', name: 'Company A' }] },
    });
    expect(triggered('R018', facts({ bids: [bid('a', '900.00'), bid('a', '880.00')] }))).toBe(true);
  });
  it('does not flag two bidders, unless the threshold is raised to two', () => {
    const two = facts({ bids: [bid('a', '900.00'), bid('b', '950.00')] });
    expect(triggered('R018', two)).toBe(false);
    expect(triggered('R018', two, 2)).toBe(true);
  });
  it('waits for a first bid, and ignores non-competitive procedures', () => {
    expect(run('R018', facts()).evidence).toEqual({ excluded: 'no bid has been recorded' });
    expect(triggered('R018', facts({ bids: [bid('a', '900.00')] }, { procurementMethod: 'limited' }))).toBe(false);
  });
});

describe('R024 price close to winning bid and R058 heavily discounted bid', () => {
  const won = (winner: string, runnerUp: string, more: Partial<RedFlagFacts> = {}) =>
    facts({ bids: [bid('a', winner), bid('b', runnerUp), bid('c', '5000.00')], awards: [award('a', winner)], ...more });
  it('R024 flags a runner-up at most the threshold percentage above the winner', () => {
    expect(run('R024', won('1000.00', '1010.00'))).toEqual({
      triggered: true,
      evidence: {
        winningBid: { id: 'a', name: 'Company A', amount: '1000.00' },
        secondLowestBid: { id: 'b', name: 'Company B', amount: '1010.00' },
        currency: 'KES',
        differencePercent: 1,
      },
    });
    expect(triggered('R024', won('1000.00', '1020.00'))).toBe(true);
    expect(triggered('R024', won('1000.00', '1020.10'))).toBe(false);
  });
  it('R058 flags a runner-up at least the threshold percentage above the winner', () => {
    expect(triggered('R058', won('1000.00', '1500.00'))).toBe(true);
    expect(triggered('R058', won('1000.00', '1499.99'))).toBe(false);
    expect(triggered('R058', won('1000.00', '1300.00'), 30)).toBe(true);
  });
  it('ignores disqualified bids, and does not apply when the lowest valid bid lost', () => {
    const disqualifiedClose = facts({
      bids: [bid('a', '1000.00'), bid('b', '1001.00', { disqualified: true }), bid('c', '1600.00')],
      awards: [award('a', '1000.00')],
    });
    expect(triggered('R024', disqualifiedClose)).toBe(false);
    expect(triggered('R058', disqualifiedClose)).toBe(true);
    expect(run('R024', won('1000.00', '990.00')).evidence).toEqual({ excluded: 'the winning bid is not the lowest valid bid' });
    expect(run('R058', facts({ bids: [bid('a', '1000.00')] })).evidence).toEqual({ excluded: 'no award has been recorded' });
  });
});

describe('R028 identical bid prices', () => {
  it('flags different bidders with the same price, naming them', () => {
    const result = run('R028', facts({ bids: [bid('a', '1000.00'), bid('b', '1000.00'), bid('c', '1200.00')] }));
    expect(result).toEqual({
      triggered: true,
      evidence: {
        identicalPrices: [
          {
            amount: '1000.00',
            currency: 'KES',
            bidders: [
              { id: 'a', name: 'Company A' },
              { id: 'b', name: 'Company B' },
            ],
          },
        ],
      },
    });
    expect(triggered('R028', facts({ bids: [bid('a', '1000.5'), bid('b', '1000.50')] }))).toBe(true);
  });
  it('does not flag one bidder repeating its price, different prices, or prices in another currency', () => {
    expect(triggered('R028', facts({ bids: [bid('a', '1000.00'), bid('a', '1000.00', { id: 'again' })] }))).toBe(false);
    expect(triggered('R028', facts({ bids: [bid('a', '1000.00'), bid('b', '1000.01')] }))).toBe(false);
    expect(triggered('R028', facts({ bids: [bid('a', '1000.00'), bid('b', '1000.00', { currency: 'USD' })] }))).toBe(false);
  });
});

describe('R030 late bid won', () => {
  const winnerBidAt = (received: Date, more: Partial<RedFlagFacts> = {}) =>
    facts({ bids: [bid('a', '900.00', { receivedAt: received }), bid('b', '950.00')], awards: [award('a', '900.00')], ...more });
  it('flags a winner whose valid bid came after the deadline', () => {
    expect(run('R030', winnerBidAt(hours(1)))).toEqual({
      triggered: true,
      evidence: {
        tenderPeriodEnd: DEADLINE.toISOString(),
        lateWinningBids: [{ id: 'a', name: 'Company A', receivedAt: hours(1).toISOString(), hoursLate: 1 }],
      },
    });
  });
  it('does not flag a bid received exactly at the deadline, a late loser, or a winner that also bid on time', () => {
    expect(triggered('R030', winnerBidAt(DEADLINE))).toBe(false);
    expect(triggered('R030', facts({ bids: [bid('a', '900.00'), bid('b', '950.00', { receivedAt: hours(5) })], awards: [award('a', '900.00')] }))).toBe(false);
    const alsoOnTime = facts({
      bids: [bid('a', '900.00', { receivedAt: hours(3), id: 'late' }), bid('a', '990.00', { receivedAt: hours(-2) })],
      awards: [award('a', '900.00')],
    });
    expect(triggered('R030', alsoOnTime)).toBe(false);
  });
  it('does not apply without a deadline or an award', () => {
    expect(run('R030', facts({ bids: [bid('a', '900.00', { receivedAt: hours(1) })] })).evidence).toEqual({ excluded: 'no award has been recorded' });
    expect(triggered('R030', facts({ bids: [bid('a', '900.00', { receivedAt: hours(1) })], awards: [award('a', '900.00')] }, { tenderPeriodEnd: null }))).toBe(
      false,
    );
  });
});

describe('R035 all except winning bid disqualified', () => {
  const outcome = (disqualified: string[]) =>
    facts({
      bids: ['a', 'b', 'c'].map((id) => bid(id, `${id === 'a' ? 1000 : 900}.00`, { disqualified: disqualified.includes(id) })),
      awards: [award('a', '1000.00')],
    });
  it('flags a winner left alone by disqualifying everyone else', () => {
    expect(run('R035', outcome(['b', 'c']))).toEqual({
      triggered: true,
      evidence: {
        winners: [{ id: 'a', name: 'Company A' }],
        validBidders: 1,
        disqualifiedBidders: [
          { id: 'b', name: 'Company B' },
          { id: 'c', name: 'Company C' },
        ],
      },
    });
  });
  it('counts disqualified rivals against the threshold', () => {
    expect(triggered('R035', outcome(['b', 'c']), 2)).toBe(true);
    expect(triggered('R035', outcome(['b', 'c']), 3)).toBe(false);
    expect(triggered('R035', facts({ bids: [bid('a', '1000.00'), bid('b', '900.00', { disqualified: true })], awards: [award('a', '1000.00')] }))).toBe(true);
  });
  it('does not flag when another bid stayed valid, or before an award', () => {
    expect(triggered('R035', outcome(['b']))).toBe(false);
    expect(triggered('R035', facts({ bids: [bid('a', '1000.00'), bid('b', '900.00', { disqualified: true })] }))).toBe(false);
  });
});

describe('R036 lowest bid disqualified', () => {
  const withAward = (bids: FactBid[]) => facts({ bids, awards: [award('b', '950.00')] });
  it('flags an award when the cheapest bid was disqualified', () => {
    expect(run('R036', withAward([bid('a', '900.00', { disqualified: true }), bid('b', '950.00')]))).toEqual({
      triggered: true,
      evidence: {
        lowestDisqualifiedBid: { id: 'a', name: 'Company A', amount: '900.00' },
        lowestValidBid: { id: 'b', name: 'Company B', amount: '950.00' },
        currency: 'KES',
      },
    });
    expect(triggered('R036', withAward([bid('a', '900.00', { disqualified: true }), bid('b', '950.00', { disqualified: true })]))).toBe(true);
  });
  it('does not flag when a valid bid is as cheap, or only dearer bids were disqualified', () => {
    expect(triggered('R036', withAward([bid('a', '950.00', { disqualified: true }), bid('b', '950.00')]))).toBe(false);
    expect(triggered('R036', withAward([bid('a', '990.00', { disqualified: true }), bid('b', '950.00')]))).toBe(false);
    expect(run('R036', withAward([bid('b', '950.00')])).evidence).toEqual({ disqualifiedBids: 0 });
  });
  it('waits for an award', () => {
    expect(triggered('R036', facts({ bids: [bid('a', '900.00', { disqualified: true }), bid('b', '950.00')] }))).toBe(false);
  });
});

describe('R044 business similarities between bidders', () => {
  const companies = (...organisations: FactOrganisation[]) => facts({ organisations });
  it('flags companies sharing an email, a phone number or an address, despite spelling noise', () => {
    expect(
      run('R044', companies(company('a', { contactEmail: 'Bids@Lodwar.co.ke ' }), company('b', { contactEmail: 'bids@lodwar.co.ke' }), company('c'))),
    ).toEqual({
      triggered: true,
      evidence: {
        shared: [
          {
            field: 'contactEmail',
            value: 'Bids@Lodwar.co.ke ',
            companies: [
              { id: 'a', name: 'Company A' },
              { id: 'b', name: 'Company B' },
            ],
          },
        ],
      },
    });
    expect(triggered('R044', companies(company('a', { contactPhone: '+254 712 345 678' }), company('b', { contactPhone: '+254-712-345-678' })))).toBe(true);
    expect(
      triggered('R044', companies(company('a', { address: 'Plot 12, Kenyatta Street, Lodwar' }), company('b', { address: 'plot 12 kenyatta  street lodwar' }))),
    ).toBe(true);
  });
  it('does not flag different details, missing details or a handful of digits', () => {
    expect(triggered('R044', companies(company('a', { contactEmail: 'a@x.ke' }), company('b', { contactEmail: 'b@x.ke' })))).toBe(false);
    expect(triggered('R044', companies(company('a'), company('b')))).toBe(false);
    expect(triggered('R044', companies(company('a', { contactPhone: '112' }), company('b', { contactPhone: '112' })))).toBe(false);
  });
});

describe('PW-001 award far above the estimate', () => {
  it('flags an award more than the threshold percentage above the estimate', () => {
    expect(run('PW-001', facts({ awards: [award('a', '1100.01')] }))).toEqual({
      triggered: true,
      evidence: { estimatedValue: '1000.00', awardedTotal: '1100.01', currency: 'KES', abovePercent: 10.001 },
    });
    expect(triggered('PW-001', facts({ awards: [award('a', '600.00'), award('b', '600.00', { id: 'second' })] }))).toBe(true);
  });
  it('does not flag exactly the threshold, less, or awards it cannot compare', () => {
    expect(triggered('PW-001', facts({ awards: [award('a', '1100.00')] }))).toBe(false);
    expect(triggered('PW-001', facts({ awards: [award('a', '1100.00')] }), 5)).toBe(true);
    expect(run('PW-001', facts({ awards: [award('a', '5000.00')] }, { estimatedValue: null })).evidence).toEqual({
      excluded: 'the estimated value is not set',
    });
    expect(triggered('PW-001', facts({ awards: [award('a', '5000.00', { currency: 'USD' })] }))).toBe(false);
  });
});

describe('PW-002 repeated awards to one supplier', () => {
  const awarded = (count: number) => facts({ awards: [award('a', '900.00')], awardsByAuthorityTo: { a: count } });
  it('flags a supplier the authority awarded in at least the threshold number of procurements', () => {
    expect(run('PW-002', awarded(3))).toEqual({ triggered: true, evidence: { suppliers: [{ id: 'a', name: 'Company A', procurements: 3 }] } });
    expect(triggered('PW-002', awarded(2))).toBe(false);
    expect(triggered('PW-002', awarded(2), 2)).toBe(true);
  });
});

describe('PW-003 contract value raised by amendments', () => {
  it('flags a contract whose latest amendment is more than the threshold above its signed value', () => {
    const result = run(
      'PW-003',
      facts({
        contracts: [
          contract('1000.00', [
            ['2027-05-01', '1100.00'],
            ['2027-06-01', '1250.00'],
          ]),
        ],
      }),
    );
    expect(result).toEqual({
      triggered: true,
      evidence: { contracts: [{ contractId: 'contract-1000.00', signedValue: '1000.00', currentValue: '1250.00', amendments: 2, increasePercent: 25 }] },
    });
  });
  it('reads the latest amendment by date, and does not flag exactly the threshold', () => {
    expect(
      triggered(
        'PW-003',
        facts({
          contracts: [
            contract('1000.00', [
              ['2027-06-01', '1100.00'],
              ['2027-05-01', '1300.00'],
            ]),
          ],
        }),
      ),
    ).toBe(false);
    expect(triggered('PW-003', facts({ contracts: [contract('1000.00', [['2027-05-01', '1200.00']])] }))).toBe(false);
    expect(triggered('PW-003', facts({ contracts: [contract('1000.00', [['2027-05-01', '1200.00']])] }), 19.99)).toBe(true);
  });
  it('does not apply to contracts never amended', () => {
    expect(run('PW-003', facts({ contracts: [contract('1000.00', [])] })).evidence).toEqual({ excluded: 'no contract has been amended' });
  });
});

describe('PW-004 award to a bidder that did not sign the pact', () => {
  it('flags a supplier missing from the signatories of the current version', () => {
    expect(run('PW-004', facts({ awards: [award('a', '900.00')], pact: { version: 2, signers: ['authority', 'b'] } }))).toEqual({
      triggered: true,
      evidence: { pactVersion: 2, unsignedSuppliers: [{ id: 'a', name: 'Company A' }] },
    });
    expect(run('PW-004', facts({ awards: [award('a', '900.00')], pact: null })).evidence).toEqual({
      pactVersion: null,
      unsignedSuppliers: [{ id: 'a', name: 'Company A' }],
    });
  });
  it('does not flag a supplier that signed, or before an award', () => {
    expect(triggered('PW-004', facts({ awards: [award('a', '900.00')] }))).toBe(false);
    expect(triggered('PW-004', facts({ pact: null }))).toBe(false);
  });
});

describe('PW-005 burst of complaints', () => {
  it('flags at least the threshold number of recent complaints', () => {
    expect(run('PW-005', facts())).toEqual({ triggered: false, evidence: { complaintCount: 0 } });
    expect(triggered('PW-005', facts({ complaintCount: 4 }))).toBe(false);
    expect(triggered('PW-005', facts({ complaintCount: 5 }))).toBe(true);
    expect(triggered('PW-005', facts({ complaintCount: 1 }), 1)).toBe(true);
  });
});
