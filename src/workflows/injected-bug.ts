// The bug of the sample's "bug in workflow" scenario, injected as a workflow interceptor module so that the
// workflow source stays clean. A worker built with this module fails every workflow task that tries to reserve
// inventory; the server keeps the workflow open and retries the task until a worker without the bug takes it.
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { ACTIVITY } from '../domain/contract';

export const INJECTED_BUG_MESSAGE = 'workflow bug!';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        if (input.activityType === ACTIVITY.reserveInventory) {
          // A plain Error (not an ApplicationFailure) fails the workflow task, not the workflow.
          throw new Error(INJECTED_BUG_MESSAGE);
        }
        return next(input);
      },
    },
  ],
});
