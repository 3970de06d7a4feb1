import { ApplicationFailure, Context } from '@temporalio/activity';
import { INVALID_CARD_ERROR_TYPE, INVALID_CARD_MESSAGE } from '../domain/contract';
import { isExpired, MalformedExpiryError, parseExpiry } from '../domain/expiry';
import type { Order } from '../domain/order';
import type { ActivityDependencies } from './dependencies';
import { callerOf, resultOf } from './service-calls';

export function createProcessPayment({ timings, now, services: { payment }, report }: ActivityDependencies) {
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
    const context = Context.current();
    // The card is charged once it passed the checks; a declined card charges nothing.
    const charged = resultOf(payment.charge(callerOf(context.info), order), report);
    await context.sleep(timings.paymentWork);
    return charged;
  };
}

/** Gives back the order's charge, if the gateway holds one; the refund takes as long as a charge. */
export function createRefundPayment({ timings, services: { payment }, report }: ActivityDependencies) {
  return async function refund_payment(order: Order): Promise<string> {
    const context = Context.current();
    const refunded = resultOf(payment.refund(callerOf(context.info), order), report);
    await context.sleep(timings.paymentWork);
    return refunded;
  };
}
