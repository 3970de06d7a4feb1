import { Context } from '@temporalio/activity';
import { activityResults } from '../domain/contract';
import type { PackingCheckpoint } from '../domain/packing';
import { isResumableCheckpoint, startingCheckpoint } from '../domain/packing';
import type { ActivityDependencies } from './dependencies';
import { callerOf, resultOf } from './service-calls';

/**
 * Packs items one by one with heartbeat checkpoints. The packing slip is opened at the warehouse once and
 * heartbeated before any item, so that a retry after a crash reuses it instead of opening another. On a retry,
 * packing resumes after the last checkpoint the server holds (which can lag the last item packed: the SDK throttles
 * heartbeats to 80% of the heartbeat timeout); the warehouse recognises an item packed again by its key.
 */
export function createPackOrderItems({ timings, services: { warehouse }, report }: ActivityDependencies) {
  return async function pack_order_items(items: string[]): Promise<string> {
    const context = Context.current();
    const { attempt, heartbeatDetails } = context.info;
    const caller = callerOf(context.info);

    let checkpoint: PackingCheckpoint;
    if (isResumableCheckpoint(heartbeatDetails)) {
      checkpoint = heartbeatDetails;
      // Recorded at once, so the server's record shows where this attempt resumed, with which slip.
      context.heartbeat(checkpoint);
      report({
        type: 'packing.resumed',
        attempt,
        slipId: checkpoint.packing_slip_id,
        fromIndex: checkpoint.last_processed_idx + 1,
        total: items.length,
      });
    } else {
      checkpoint = startingCheckpoint(resultOf(warehouse.openSlip(caller), report));
      context.heartbeat(checkpoint);
      report({
        type: 'packing.slip-acquired',
        attempt,
        slipId: checkpoint.packing_slip_id,
        total: items.length,
      });
    }

    // Keeps the activity alive when an item takes longer than the heartbeat timeout allows; always sends the latest
    // checkpoint, so it never moves progress backwards.
    const backgroundHeartbeat = setInterval(
      () => context.heartbeat(checkpoint),
      timings.packBackgroundHeartbeat,
    );
    try {
      for (let index = checkpoint.last_processed_idx + 1; index < items.length; index++) {
        await context.sleep(timings.packItem);
        // The item is packed (and recorded) before its checkpoint: a crash in between packs it again on a retry.
        resultOf(warehouse.pack(caller, checkpoint.packing_slip_id, items[index]), report);
        checkpoint = {
          last_processed_idx: index,
          last_item_sku: items[index],
          packing_slip_id: checkpoint.packing_slip_id,
        };
        context.heartbeat(checkpoint);
        report({
          type: 'packing.item-packed',
          attempt,
          slipId: checkpoint.packing_slip_id,
          index,
          sku: items[index],
          total: items.length,
        });
      }
    } finally {
      clearInterval(backgroundHeartbeat);
    }
    return activityResults.itemsPacked(items.length, checkpoint.packing_slip_id);
  };
}
