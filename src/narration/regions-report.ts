// `order-demo regions` once both serve, as a person reads it: what each region says of the global namespace (which
// region is active, at which failover version: the replication state), then every process with its role, PID and
// port.
import type { ClusterProcessRow } from './cluster-report';

/** What one region says of the global namespace. */
export interface RegionRow {
  region: string;
  address: string;
  /** Undefined while the region does not know the namespace. */
  activeRegion?: string;
  failoverVersion?: number;
}

export function regionsReportLines(
  namespace: string,
  regions: readonly RegionRow[],
  processes: readonly ClusterProcessRow[],
): string[] {
  return [
    '',
    `Global namespace ${namespace}, as each region sees it:`,
    '  region     address            active region   failover version',
    ...regions.map(
      ({ region, address, activeRegion, failoverVersion }) =>
        `  ${region.padEnd(10)} ${address.padEnd(18)} ${(activeRegion ?? 'not known yet').padEnd(15)} ` +
        `${failoverVersion ?? '-'}`,
    ),
    '',
    '  process      role             pid      port',
    ...processes.map(
      ({ name, role, pid, port }) =>
        `  ${name.padEnd(12)} ${role.padEnd(16)} ${String(pid ?? '-').padEnd(8)} ${port}`,
    ),
  ];
}
