// What a versioning run changes on its server, named for that run alone: the task queue of its orders and the
// Worker Deployment of act 3. Its workers run code no other worker has (version 2 and its patches), and act 3 routes
// its task queue to versions whose workers live only as long as the run. On the sample's order-task-queue, a run
// killed midway (a CI timeout) would leave everyone's new orders routed to workers that are gone, and its own orders
// to workers without their code. The normal scenarios keep the sample's task queue, the wire contract.
import { randomUUID } from 'node:crypto';
import { TASK_QUEUE } from '../../domain/contract';
import type { ScenarioContext } from '../scenario';

/** How every versioning run's Worker Deployment is named: this prefix and the run's own ID. */
export const DEPLOYMENT_PREFIX = 'order-demo-versioning-';

export interface VersioningScope {
  taskQueue: string;
  deploymentName: string;
}

/** A scope no other run shares. */
export function newVersioningScope(): VersioningScope {
  const id = randomUUID().slice(0, 8);
  return { taskQueue: `${TASK_QUEUE}-versioning-${id}`, deploymentName: `${DEPLOYMENT_PREFIX}${id}` };
}

/** A versioning run's context: the scenario's, and the run's own names on the server. */
export interface VersioningContext extends ScenarioContext {
  scope: VersioningScope;
}
