// Version 2 of the order workflow — the versioning scenario's — screens every order for fraud before it charges the
// card. The check is not part of the sample's wire contract: only the workers of that scenario register it. Its other
// pieces, each in its layer: the workflow side in src/workflows/versions/, the activity in activities/fraud-check.ts.
import type { Order } from './order';

export const FRAUD_CHECK_ACTIVITY = 'check_fraud';

/** The fraud check as version 2 calls it: the order in, a string out, like the sample's activities. */
export interface FraudCheckActivities {
  check_fraud(order: Order): Promise<string>;
}

/** How long the screening takes at speed 1. */
export const FRAUD_CHECK_WORK_MS = 1_000;

export const fraudCheckResult = (orderId: string) => `No fraud found for order ${orderId}`;
