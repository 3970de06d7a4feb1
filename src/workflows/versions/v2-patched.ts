// Version 2 behind a patch: a run that started before the patch replays the old path (no fraud check), every new run
// takes the new one and records the patch's marker in its history.
import { patched } from '@temporalio/workflow';
import { OrderWorkflow as version1 } from '../order-workflow';
import { checkForFraud, FRAUD_CHECK_PATCH } from './fraud-check';

export const OrderWorkflow: typeof version1 = async (order, inventory_down = false, options = {}) => {
  if (patched(FRAUD_CHECK_PATCH)) await checkForFraud(order, options);
  return version1(order, inventory_down, options);
};
