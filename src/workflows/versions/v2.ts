// Version 2 as one would first write it: the fraud check, then the sample's workflow (version 1) unchanged. Also the
// last step of the patch's life cycle, once no run of the older versions is left: the branch removed, this again.
import { OrderWorkflow as version1 } from '../order-workflow';
import { checkForFraud } from './fraud-check';

export const OrderWorkflow: typeof version1 = async (order, inventory_down = false, options = {}) => {
  await checkForFraud(order, options);
  return version1(order, inventory_down, options);
};
