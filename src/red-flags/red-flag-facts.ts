/** The facts red-flag indicators are evaluated on; `RedFlagsRepository.factsOf` loads them. */

export interface FactOrganisation {
  id: string;
  name: string;
  address: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface FactBid {
  id: string;
  bidderId: string;
  amount: string;
  currency: string | null;
  receivedAt: Date;
  disqualified: boolean;
}

export interface FactAward {
  id: string;
  supplierId: string;
  amount: string;
  currency: string | null;
  awardedAt: Date;
}

export interface FactContract {
  id: string;
  awardId: string;
  value: string;
  currency: string | null;
  signedAt: Date | null;
  amendments: { amendedAt: Date; createdAt: Date; newValue: string }[];
}

/** Everything the indicators read about one procurement; evaluating them needs nothing else. */
export interface RedFlagFacts {
  procurement: {
    authorityId: string;
    /** OCDS procurementMethod; null is read as a competitive tender, the usual case under a pact. */
    procurementMethod: string | null;
    estimatedValue: string | null;
    currency: string | null;
    tenderPeriodStart: Date | null;
    tenderPeriodEnd: Date | null;
  };
  /** The companies in the tender: those taking part, bidding or awarded. */
  organisations: FactOrganisation[];
  bids: FactBid[];
  awards: FactAward[];
  /** Per supplier awarded here: in how many procurements this authority has awarded it (this one included). */
  awardsByAuthorityTo: Record<string, number>;
  contracts: FactContract[];
  /** The latest published pact version and who signed it; null while nothing is published. */
  pact: { version: number; signers: string[] } | null;
  /** Complaints about the procurement lodged in the 30 days before the computation. */
  complaintCount: number;
}
