// The percentiles the bench reports: of the orders' latencies, and of the standby region's replication lag.

/** The value below which `share` of the sorted values lie (nearest rank); 0 of no values. */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}
