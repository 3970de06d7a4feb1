// The workflow IDs of a run's orders: one owner per run (the command's), no state shared between runs.
import { setTimeout as sleep } from 'node:timers/promises';
import { workflowIdFor } from '../../domain/order';

/**
 * The workflow IDs a run gives its orders: the sample's `order-<order_id>-<unix seconds>`, never one the run already
 * used. Two orders of `all` can start within one second, and a second order under the same workflow ID would share
 * the first one's idempotency keys (workflow ID + activity ID) in the run's ledger. So it waits for the next second
 * rather than change the format.
 */
export class RunWorkflowIds {
  private readonly used = new Set<string>();

  /** `now`: the clock the IDs are read from (a test's own). */
  constructor(private readonly now: () => Date = () => new Date()) {}

  async fresh(orderId: string): Promise<string> {
    for (;;) {
      const now = this.now();
      const workflowId = workflowIdFor(orderId, now);
      if (!this.used.has(workflowId)) {
        this.used.add(workflowId);
        return workflowId;
      }
      await sleep(1000 - (now.getTime() % 1000));
    }
  }
}
