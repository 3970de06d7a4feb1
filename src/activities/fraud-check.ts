import { Context } from '@temporalio/activity';
import type { FraudCheckActivities } from '../domain/fraud-check';
import { FRAUD_CHECK_WORK_MS, fraudCheckResult } from '../domain/fraud-check';
import type { Order } from '../domain/order';
import { scaleDelay } from '../domain/speed';

/** Version 2's fraud check, a read with no effect to record: the same answer however often it runs. */
export function createFraudCheckActivities(speed: number): FraudCheckActivities {
  return {
    async check_fraud(order: Order): Promise<string> {
      await Context.current().sleep(scaleDelay(FRAUD_CHECK_WORK_MS, speed));
      return fraudCheckResult(order.order_id);
    },
  };
}
