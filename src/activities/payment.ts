import { ApplicationFailure, Context } from '@temporalio/activity';
import { INVALID_CARD_ERROR_TYPE, INVALID_CARD_MESSAGE, activityResults } from '../domain/contract';
import { isExpired, MalformedExpiryError, parseExpiry } from '../domain/expiry';
import type { Order } from '../domain/order';
import type { ActivityDependencies } from './dependencies';

export function createProcessPayment({ timings, now }: ActivityDependencies) {
  return async function process_payment(order: Order): Promise<string> {
    let expiry;
    try {
      expiry = parseExpiry(order.credit_card_expiry);
    } catch (error) {
      if (!(error instanceof MalformedExpiryError)) throw error;
      // Retrying cannot repair the order's data: fail for good, with the reason.
      throw ApplicationFailure.nonRetryable(
        `${INVALID_CARD_MESSAGE}: ${error.message}`,
        INVALID_CARD_ERROR_TYPE,
      );
    }
    if (isExpired(expiry, now())) {
      throw ApplicationFailure.nonRetryable(INVALID_CARD_MESSAGE, INVALID_CARD_ERROR_TYPE);
    }
    await Context.current().sleep(timings.paymentWork);
    return activityResults.paymentProcessed(order.order_id);
  };
}
