// The cluster's supervisor as a person reads it: a service that exited on its own (its status and last lines) and
// its restart after the backoff. Told by chaos as they come, and by `cluster` while it runs.
import type { ChalkInstance } from 'chalk';
import type { ClusterSupervisionEvent } from '../events/events';
import { formatDuration } from './format';

/** The line (and the service's last lines under it) for one event of the supervisor. */
export function supervisionLines(event: ClusterSupervisionEvent, c: ChalkInstance): string[] {
  if (event.type === 'cluster.service-restarted') {
    return [
      `${c.green('↻')} ${event.service} started again by its supervisor as pid ${event.pid}` +
        (event.attempt > 1 ? ` (after ${event.attempt} exits in a row)` : ''),
    ];
  }
  const status = event.exitCode !== null ? `status ${event.exitCode}` : `signal ${event.signal ?? '?'}`;
  return [
    `${c.yellow('⚠')} ${event.service} (pid ${event.pid}) exited on its own (${status}); its supervisor starts it ` +
      `again in ${formatDuration(event.restartInMs)}. Its last lines:`,
    ...event.lastLines.map((line) => c.dim(`    ${line}`)),
  ];
}
