/** The amendment in force: the one amended last (recorded last when two share a date). */
export function latestAmendment<T extends { amendedAt: Date; createdAt?: Date }>(amendments: readonly T[]): T | undefined {
  let latest: T | undefined;
  for (const amendment of amendments) {
    if (!latest) latest = amendment;
    else {
      const byDate = amendment.amendedAt.getTime() - latest.amendedAt.getTime();
      const byRecording = (amendment.createdAt?.getTime() ?? 0) - (latest.createdAt?.getTime() ?? 0);
      if (byDate > 0 || (byDate === 0 && byRecording >= 0)) latest = amendment;
    }
  }
  return latest;
}

/** A contract is worth what its latest amendment says, or what was signed when never amended. */
export function currentContractValue(signedValue: string, amendments: readonly { amendedAt: Date; createdAt?: Date; newValue: string }[]): string {
  return latestAmendment(amendments)?.newValue ?? signedValue;
}
