// What version 2 adds to the sample's workflow: a fraud check before the card is charged. Workflow code
// (deterministic): its timeout comes from the speed the workflow receives as input.
import { proxyActivities } from '@temporalio/workflow';
import type { FraudCheckActivities } from '../../domain/fraud-check';
import type { Order } from '../../domain/order';
import type { OrderWorkflowOptions } from '../../domain/order-run';
import { DEFAULT_SPEED, workflowTimeouts } from '../../domain/speed';

/** The patch that guards the fraud check in the patched version 2, as its MarkerRecorded event names it. */
export const FRAUD_CHECK_PATCH = 'fraud-check-before-payment';

export async function checkForFraud(order: Order, options: OrderWorkflowOptions): Promise<void> {
  const { check_fraud } = proxyActivities<FraudCheckActivities>({
    summary: 'Screen for fraud',
    // As long as a payment may take: the screening is a call to a payment provider's service too.
    startToCloseTimeout: workflowTimeouts(options.speed ?? DEFAULT_SPEED).paymentStartToClose,
  });
  await check_fraud(order);
}
