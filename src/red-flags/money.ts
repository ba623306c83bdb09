// Exact money arithmetic on decimal strings with at most two decimals: bids are compared to the
// cent, so a threshold never trips on floating-point noise.

export function cents(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
}

export function fromCents(value: bigint): string {
  const whole = value / 100n;
  const fraction = (value % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction}`;
}

/** (to − from) ÷ from as a percentage, to four decimals, so thresholds compare without floating-point noise. */
export function percentChange(from: bigint, to: bigint): number {
  return Math.round(Number((to - from) * 1_000_000n) / Number(from)) / 10_000;
}
