// The checkpoint scenario's claims: the packing attempt that lost its worker timed out on heartbeats (history), the
// next attempt resumed from the checkpoint the server held, with the slip acquired on the first attempt (heartbeat
// details as the server recorded them, read with describe() while each attempt ran — the history keeps none).
import { ACTIVITY } from '../domain/contract';
import type { PackingCheckpoint } from '../domain/packing';
import type { Check } from './checks';
import { checks } from './checks';
import type { WorkflowFacts } from './workflow-facts';
import { activitiesOfType } from './workflow-facts';

/** A heartbeat as the server recorded it for an attempt (read with describe() while the attempt ran). */
export interface RecordedHeartbeat {
  attempt: number;
  checkpoint: PackingCheckpoint;
}

const SLIP_IN_RESULT = /\(slip: (SLIP-[0-9A-F]{8})\)$/;

export function checkpointChecks(facts: WorkflowFacts, recorded: readonly RecordedHeartbeat[]): Check[] {
  const [packing] = activitiesOfType(facts, ACTIVITY.packOrderItems);
  const resultSlip = SLIP_IN_RESULT.exec(String(packing?.result ?? ''))?.[1];
  const firstAttempt = recorded.filter((heartbeat) => heartbeat.attempt === 1);
  const acquired = firstAttempt[0]?.checkpoint;
  const held = firstAttempt.at(-1)?.checkpoint;
  const resumed = recorded
    .filter((heartbeat) => heartbeat.attempt === 2)
    .map((heartbeat) => heartbeat.checkpoint);
  const listed = (list: PackingCheckpoint[]) =>
    list.map((checkpoint) => `idx=${checkpoint.last_processed_idx}`).join(', ') || 'none';

  const sameSlip: Check = {
    name: 'the result names the slip ID acquired on attempt 1',
    passed: acquired !== undefined && resultSlip === acquired.packing_slip_id,
    evidence: acquired
      ? `attempt 1's first heartbeat on the server (idx=${acquired.last_processed_idx}) carried slip ` +
        `${acquired.packing_slip_id}; the result ${JSON.stringify(packing?.result)} (event ${packing?.outcomeEventId}) ` +
        `names ${resultSlip ?? 'no slip'}`
      : 'the server recorded no heartbeat for attempt 1',
  };

  const resumedFromHeld: Check = {
    name: 'attempt 2 resumed from the checkpoint the server held, packing nothing before it again',
    passed:
      held !== undefined &&
      resumed.length > 0 &&
      resumed[0].last_processed_idx === held.last_processed_idx &&
      resumed.every(
        (checkpoint) =>
          checkpoint.last_processed_idx >= held.last_processed_idx &&
          checkpoint.packing_slip_id === held.packing_slip_id,
      ),
    evidence: held
      ? `the server held idx=${held.last_processed_idx} (${held.last_item_sku}) when attempt 1's worker died; ` +
        `attempt 2's heartbeats on the server: ${listed(resumed)}; slips: ` +
        `${[...new Set(resumed.map((checkpoint) => checkpoint.packing_slip_id))].join(', ') || 'none'}`
      : 'the server recorded no heartbeat for attempt 1',
  };

  return [
    checks.previousAttemptFailure(facts, ACTIVITY.packOrderItems, { attempt: 2, timeoutType: 'HEARTBEAT' }),
    sameSlip,
    resumedFromHeld,
  ];
}
