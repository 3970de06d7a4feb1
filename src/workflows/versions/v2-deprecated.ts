// Version 2 with its patch deprecated, once no run without the marker is left: only the new path remains, and new runs
// still record the marker, so that the runs of the patched version replay here too.
import { deprecatePatch } from '@temporalio/workflow';
import { OrderWorkflow as version1 } from '../order-workflow';
import { checkForFraud, FRAUD_CHECK_PATCH } from './fraud-check';

export const OrderWorkflow: typeof version1 = async (order, inventory_down = false, options = {}) => {
  deprecatePatch(FRAUD_CHECK_PATCH);
  await checkForFraud(order, options);
  return version1(order, inventory_down, options);
};
