/** A step of a complaint's history, as ComplaintsRepository.addHistoryStep records it. */
export interface HistoryStep {
  at: Date;
  /** Null for the complainant and for the platform itself. */
  actorId?: string | null;
  organisationId?: string | null;
  reason?: string | null;
}
