import { groupBy } from '../graphql/loaders.js';
import { latestAmendment } from '../tendering/contract-value.js';
import type { FactBid, RedFlagFacts } from './red-flag-facts.js';
import { cents, fromCents, percentChange } from './money.js';

/**
 * The red-flag indicators, as pure definitions over one procurement's facts. Codes R0xx are
 * those of the Open Contracting Partnership's red-flag guide (as its Cardinal library numbers
 * them); PW-0xx are Pactwatch's own, for flags the guide describes without a code we could
 * vouch for. Where the guide compares with statistical fences across many procurements,
 * Pactwatch uses a fixed, configurable threshold: one procurement is judged on its own data.
 */

export enum ThresholdUnit {
  DAYS = 'DAYS',
  PERCENT = 'PERCENT',
  BIDDERS = 'BIDDERS',
  PROCUREMENTS = 'PROCUREMENTS',
  COMPLAINTS = 'COMPLAINTS',
}

/** Thresholds in these units count things, so they must be whole numbers. */
export const WHOLE_UNITS: ReadonlySet<ThresholdUnit> = new Set([ThresholdUnit.BIDDERS, ThresholdUnit.PROCUREMENTS, ThresholdUnit.COMPLAINTS]);

export interface IndicatorResult {
  triggered: boolean;
  /** The values the decision was taken on, for the monitor to check; `excluded` says why it could not apply. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb holds any JSON, and TypeORM types a partial entity of `unknown` values as unassignable
  evidence: Record<string, any>;
}

interface Described {
  code: string;
  title: string;
  definition: string;
}

export interface ThresholdIndicator extends Described {
  defaultThreshold: number;
  thresholdUnit: ThresholdUnit;
  evaluate(facts: RedFlagFacts, threshold: number): IndicatorResult;
}

/** An indicator whose rule has nothing to tune (two prices are identical or they are not). */
export interface FixedIndicator extends Described {
  defaultThreshold: null;
  thresholdUnit: null;
  evaluate(facts: RedFlagFacts): IndicatorResult;
}

export type Indicator = ThresholdIndicator | FixedIndicator;

export function evaluateIndicator(indicator: Indicator, facts: RedFlagFacts, threshold: number | null): IndicatorResult {
  return indicator.thresholdUnit === null ? indicator.evaluate(facts) : indicator.evaluate(facts, threshold ?? indicator.defaultThreshold);
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const INDICATORS: readonly Indicator[] = [
  {
    code: 'R003',
    title: 'Short submission period',
    definition: 'In a competitive tender, the tender period (from its start to the submission deadline) is shorter than the threshold, in days.',
    defaultThreshold: 15,
    thresholdUnit: ThresholdUnit.DAYS,
    evaluate(facts, threshold) {
      const { tenderPeriodStart: start, tenderPeriodEnd: end, procurementMethod } = facts.procurement;
      if (!isCompetitive(procurementMethod)) return excluded(`procurement method ${procurementMethod} is not competitive`);
      if (!start || !end) return excluded('the tender period is not set');
      const days = (end.getTime() - start.getTime()) / DAY_MS;
      return { triggered: days < threshold, evidence: { tenderPeriodStart: start.toISOString(), tenderPeriodEnd: end.toISOString(), days: round(days, 2) } };
    },
  },
  {
    code: 'R018',
    title: 'Single bid received',
    definition: 'In a competitive tender, bids came from at least one and at most the threshold number of bidders (by default: a single bidder).',
    defaultThreshold: 1,
    thresholdUnit: ThresholdUnit.BIDDERS,
    evaluate(facts, threshold) {
      if (!isCompetitive(facts.procurement.procurementMethod)) return excluded(`procurement method ${facts.procurement.procurementMethod} is not competitive`);
      const bidders = distinct(facts.bids.map((b) => b.bidderId));
      if (!bidders.length) return excluded('no bid has been recorded');
      return { triggered: bidders.length <= threshold, evidence: { bidderCount: bidders.length, bidders: bidders.map((id) => org(facts, id)) } };
    },
  },
  {
    code: 'R024',
    title: 'Price close to winning bid',
    definition:
      'The second-lowest valid bid is at most the threshold percentage above the winning bid, as a colluding partner pretending to compete would bid.',
    defaultThreshold: 2,
    thresholdUnit: ThresholdUnit.PERCENT,
    evaluate(facts, threshold) {
      const gap = priceGap(facts);
      return 'excluded' in gap ? excluded(gap.excluded) : { triggered: gap.gapPercent <= threshold, evidence: gap.evidence };
    },
  },
  {
    code: 'R028',
    title: 'Identical bid prices',
    definition: 'Different bidders submitted bids with exactly the same price.',
    defaultThreshold: null,
    thresholdUnit: null,
    evaluate(facts) {
      const bids = comparableBids(facts);
      if (bids.length < 2) return excluded('fewer than two bids to compare');
      const byPrice = groupBy(bids, (b) => String(cents(b.amount)));
      const identical = [...byPrice.values()]
        .map((group) => ({ amount: group[0].amount, bidders: distinct(group.map((b) => b.bidderId)) }))
        .filter((group) => group.bidders.length > 1)
        .map((group) => ({ amount: group.amount, currency: mainCurrency(facts), bidders: group.bidders.map((id) => org(facts, id)) }));
      return { triggered: identical.length > 0, evidence: { identicalPrices: identical } };
    },
  },
  {
    code: 'R030',
    title: 'Late bid won',
    definition: 'The winning bidder submitted its valid bid after the submission deadline (the end of the tender period).',
    defaultThreshold: null,
    thresholdUnit: null,
    evaluate(facts) {
      const deadline = facts.procurement.tenderPeriodEnd;
      if (!deadline) return excluded('the tender period end is not set');
      if (!facts.awards.length) return excluded('no award has been recorded');
      const late = winnersOf(facts).flatMap((supplierId) => {
        // The supplier's earliest valid bid: a late resubmission after a bid on time is not a late win.
        const first = earliest(facts.bids.filter((b) => b.bidderId === supplierId && !b.disqualified));
        return first && first.receivedAt > deadline
          ? [
              {
                ...org(facts, supplierId),
                receivedAt: first.receivedAt.toISOString(),
                hoursLate: round((first.receivedAt.getTime() - deadline.getTime()) / HOUR_MS, 2),
              },
            ]
          : [];
      });
      return { triggered: late.length > 0, evidence: { tenderPeriodEnd: deadline.toISOString(), lateWinningBids: late } };
    },
  },
  {
    code: 'R035',
    title: 'All except winning bid disqualified',
    definition: 'Only the winner has a valid bid, and at least the threshold number of other bidders had their bids disqualified.',
    defaultThreshold: 1,
    thresholdUnit: ThresholdUnit.BIDDERS,
    evaluate(facts, threshold) {
      if (!facts.awards.length) return excluded('no award has been recorded');
      const winners = winnersOf(facts);
      const validBidders = distinct(facts.bids.filter((b) => !b.disqualified).map((b) => b.bidderId));
      const onlyWinnerValid = validBidders.length === 1 && winners.length === 1 && validBidders[0] === winners[0];
      const disqualified = distinct(facts.bids.filter((b) => b.disqualified && !winners.includes(b.bidderId)).map((b) => b.bidderId));
      return {
        triggered: onlyWinnerValid && disqualified.length >= threshold,
        evidence: {
          winners: winners.map((id) => org(facts, id)),
          validBidders: validBidders.length,
          disqualifiedBidders: disqualified.map((id) => org(facts, id)),
        },
      };
    },
  },
  {
    code: 'R036',
    title: 'Lowest bid disqualified',
    definition: 'A contract was awarded and the lowest-priced bid was disqualified: no valid bid is as cheap as it.',
    defaultThreshold: null,
    thresholdUnit: null,
    evaluate(facts) {
      if (!facts.awards.length) return excluded('no award has been recorded');
      const bids = comparableBids(facts);
      const lowestDisqualified = lowest(bids.filter((b) => b.disqualified));
      if (!lowestDisqualified) return { triggered: false, evidence: { disqualifiedBids: 0 } };
      const lowestValid = lowest(bids.filter((b) => !b.disqualified));
      return {
        triggered: !lowestValid || cents(lowestDisqualified.amount) < cents(lowestValid.amount),
        evidence: {
          lowestDisqualifiedBid: { ...org(facts, lowestDisqualified.bidderId), amount: lowestDisqualified.amount },
          lowestValidBid: lowestValid ? { ...org(facts, lowestValid.bidderId), amount: lowestValid.amount } : null,
          currency: mainCurrency(facts),
        },
      };
    },
  },
  {
    code: 'R044',
    title: 'Business similarities between bidders',
    definition: 'Different companies in the tender share the same address, contact email or contact phone number.',
    defaultThreshold: null,
    thresholdUnit: null,
    evaluate(facts) {
      const shared = (['address', 'contactEmail', 'contactPhone'] as const).flatMap((field) => {
        const byValue = groupBy(
          facts.organisations.filter((o) => normalised(field, o[field])),
          (o) => normalised(field, o[field])!,
        );
        return [...byValue.values()]
          .filter((group) => group.length > 1)
          .map((group) => ({ field, value: group[0][field], companies: group.map((o) => ({ id: o.id, name: o.name })) }));
      });
      return { triggered: shared.length > 0, evidence: { shared } };
    },
  },
  {
    code: 'R058',
    title: 'Heavily discounted bid',
    definition: 'The second-lowest valid bid is at least the threshold percentage above the winning bid: the winner may have priced below what it can deliver.',
    defaultThreshold: 50,
    thresholdUnit: ThresholdUnit.PERCENT,
    evaluate(facts, threshold) {
      const gap = priceGap(facts);
      return 'excluded' in gap ? excluded(gap.excluded) : { triggered: gap.gapPercent >= threshold, evidence: gap.evidence };
    },
  },
  {
    code: 'PW-001',
    title: 'Award far above the estimate',
    definition: 'The total awarded exceeds the estimated value by more than the threshold percentage (award ÷ estimate − 1).',
    defaultThreshold: 10,
    thresholdUnit: ThresholdUnit.PERCENT,
    evaluate(facts, threshold) {
      const { estimatedValue } = facts.procurement;
      if (!estimatedValue || cents(estimatedValue) === 0n) return excluded('the estimated value is not set');
      const awards = facts.awards.filter((a) => inMainCurrency(facts, a.currency));
      if (!awards.length) return excluded('no award in the currency of the estimate');
      const total = awards.reduce((sum, a) => sum + cents(a.amount), 0n);
      const abovePercent = percentChange(cents(estimatedValue), total);
      return {
        triggered: abovePercent > threshold,
        evidence: { estimatedValue, awardedTotal: fromCents(total), currency: mainCurrency(facts), abovePercent },
      };
    },
  },
  {
    code: 'PW-002',
    title: 'Repeated awards to one supplier',
    definition: 'The contracting authority has awarded the same supplier in at least the threshold number of procurements, this one included.',
    defaultThreshold: 3,
    thresholdUnit: ThresholdUnit.PROCUREMENTS,
    evaluate(facts, threshold) {
      if (!facts.awards.length) return excluded('no award has been recorded');
      const suppliers = winnersOf(facts).map((id) => ({ ...org(facts, id), procurements: facts.awardsByAuthorityTo[id] ?? 1 }));
      return { triggered: suppliers.some((s) => s.procurements >= threshold), evidence: { suppliers } };
    },
  },
  {
    code: 'PW-003',
    title: 'Contract value raised by amendments',
    definition: 'Amendments brought a contract to more than the threshold percentage above the value it was signed for.',
    defaultThreshold: 20,
    thresholdUnit: ThresholdUnit.PERCENT,
    evaluate(facts, threshold) {
      const amended = facts.contracts
        .filter((c) => c.amendments.length && cents(c.value) > 0n)
        .map((c) => {
          const currentValue = latestAmendment(c.amendments)!.newValue;
          return {
            contractId: c.id,
            signedValue: c.value,
            currentValue,
            amendments: c.amendments.length,
            increasePercent: percentChange(cents(c.value), cents(currentValue)),
          };
        });
      if (!amended.length) return excluded('no contract has been amended');
      return { triggered: amended.some((c) => c.increasePercent > threshold), evidence: { contracts: amended } };
    },
  },
  {
    code: 'PW-004',
    title: 'Award to a bidder that did not sign the pact',
    definition: 'A supplier was awarded without having signed the current (latest published) version of the Integrity Pact.',
    defaultThreshold: null,
    thresholdUnit: null,
    evaluate(facts) {
      if (!facts.awards.length) return excluded('no award has been recorded');
      const signers = new Set(facts.pact?.signers ?? []);
      const unsigned = winnersOf(facts).filter((id) => !signers.has(id));
      return {
        triggered: unsigned.length > 0,
        evidence: { pactVersion: facts.pact?.version ?? null, unsignedSuppliers: unsigned.map((id) => org(facts, id)) },
      };
    },
  },
  {
    code: 'PW-005',
    title: 'Burst of complaints',
    definition:
      'At least the threshold number of complaints about the procurement were lodged in the last 30 days, through any channel of the complaint referral mechanism.',
    defaultThreshold: 5,
    thresholdUnit: ThresholdUnit.COMPLAINTS,
    evaluate(facts, threshold) {
      return { triggered: facts.complaintCount >= threshold, evidence: { complaintCount: facts.complaintCount } };
    },
  },
];

export const INDICATOR_BY_CODE: ReadonlyMap<string, Indicator> = new Map(INDICATORS.map((i) => [i.code, i]));

export const INDICATOR_CODES: readonly string[] = INDICATORS.map((i) => i.code);

// --- shared readings of the facts ---

/** OCDS open and selective procedures invite competition; limited and direct ones do not. */
function isCompetitive(method: string | null): boolean {
  return method === null || method === 'open' || method === 'selective';
}

function excluded(reason: string): IndicatorResult {
  return { triggered: false, evidence: { excluded: reason } };
}

function org(facts: RedFlagFacts, id: string): { id: string; name: string } {
  return { id, name: facts.organisations.find((o) => o.id === id)?.name ?? id };
}

function winnersOf(facts: RedFlagFacts): string[] {
  return distinct(facts.awards.map((a) => a.supplierId));
}

/** Prices are compared in one currency: the procurement's, or else the first one recorded. */
function mainCurrency(facts: RedFlagFacts): string | null {
  return facts.procurement.currency ?? facts.bids.find((b) => b.currency)?.currency ?? facts.awards.find((a) => a.currency)?.currency ?? null;
}

function inMainCurrency(facts: RedFlagFacts, currency: string | null): boolean {
  return currency === null || currency === mainCurrency(facts);
}

function comparableBids(facts: RedFlagFacts): FactBid[] {
  return facts.bids.filter((b) => inMainCurrency(facts, b.currency));
}

function lowest(bids: FactBid[]): FactBid | undefined {
  return bids.reduce<FactBid | undefined>((low, b) => (!low || cents(b.amount) < cents(low.amount) ? b : low), undefined);
}

function earliest(bids: FactBid[]): FactBid | undefined {
  return bids.reduce<FactBid | undefined>((first, b) => (!first || b.receivedAt < first.receivedAt ? b : first), undefined);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb holds any JSON, and TypeORM types a partial entity of `unknown` values as unassignable
type PriceGap = { gapPercent: number; evidence: Record<string, any> } | { excluded: string };

/** How far the runner-up's valid bid is above the winner's, when the lowest valid bid won. */
function priceGap(facts: RedFlagFacts): PriceGap {
  const winners = winnersOf(facts);
  if (winners.length !== 1) return { excluded: winners.length ? 'more than one supplier was awarded' : 'no award has been recorded' };
  const valid = comparableBids(facts).filter((b) => !b.disqualified);
  const winning = lowest(valid.filter((b) => b.bidderId === winners[0]));
  if (!winning) return { excluded: 'the winner has no valid bid' };
  const runnerUp = lowest(valid.filter((b) => b.bidderId !== winners[0]));
  if (!runnerUp) return { excluded: 'no other valid bid' };
  if (cents(runnerUp.amount) < cents(winning.amount)) return { excluded: 'the winning bid is not the lowest valid bid' };
  if (cents(winning.amount) === 0n) return { excluded: 'the winning bid is zero' };
  const gapPercent = percentChange(cents(winning.amount), cents(runnerUp.amount));
  return {
    gapPercent,
    evidence: {
      winningBid: { ...org(facts, winning.bidderId), amount: winning.amount },
      secondLowestBid: { ...org(facts, runnerUp.bidderId), amount: runnerUp.amount },
      currency: mainCurrency(facts),
      differencePercent: gapPercent,
    },
  };
}

/** Contact details match when they are the same once spelling noise is removed. */
function normalised(field: 'address' | 'contactEmail' | 'contactPhone', value: string | null): string | null {
  if (!value) return null;
  const clean =
    field === 'contactPhone'
      ? value.replace(/\D/g, '')
      : field === 'contactEmail'
        ? value.trim().toLowerCase()
        : value.toLowerCase().replace(/[.,;]/g, ' ').replace(/\s+/g, ' ').trim();
  // A few digits are not a phone number two companies could be said to share.
  return field === 'contactPhone' && clean.length < 6 ? null : clean || null;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
