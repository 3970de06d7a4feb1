// `order-demo cluster` once it serves, as a person reads it: every process with its role, PID and port, and which
// history host owns which shard (read from the database, not assumed).

/** A process of the cluster, as the table shows it. */
export interface ClusterProcessRow {
  name: string;
  role: string;
  pid?: number;
  port: number;
}

export function clusterReportLines(
  processes: readonly ClusterProcessRow[],
  shardsByHost: Record<string, readonly number[]>,
  shardCount: number,
): string[] {
  return [
    '',
    '  process      role        pid      port',
    ...processes.map(
      ({ name, role, pid, port }) =>
        `  ${name.padEnd(12)} ${role.padEnd(11)} ${String(pid ?? '-').padEnd(8)} ${port}`,
    ),
    '',
    `History shards (${shardCount}), from the database's shards table:`,
    ...Object.entries(shardsByHost).map(
      ([host, owned]) => `  ${host} owns ${owned.length > 0 ? owned.join(', ') : 'none'}`,
    ),
    '',
    'Each service runs under a supervisor: one that exits on its own is told here and started again.',
  ];
}
