import { Args } from '@oclif/core';
import { WorkflowNotFoundError } from '@temporalio/client';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags } from '../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS } from '../cli/server-connection';
import { APPROVE_SIGNAL, approveOrder } from '../domain/contract';
import { checkWorkflowId } from '../domain/order';
import { WorkflowRequestError } from '../temporal/errors';
import { rootMessage } from '../temporal/temporal-server';

export default class Approve extends BaseCommand<typeof Approve> {
  static override summary = 'Send approve_order to a waiting order workflow.';
  static override description =
    'The human in the loop: the workflow waits up to its approval window for this signal, then delivers. ' +
    `Sending it twice is harmless. Connects to ${LOCAL_SERVER_ADDRESS} unless --address, TEMPORAL_ADDRESS or a profile ` +
    'names another server.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> order-order-1-1767225600',
    '<%= config.bin %> <%= command.id %> order-order-1-1767225600 --address 127.0.0.1:41231',
  ];
  static override args = {
    'workflow-id': Args.string({
      required: true,
      description: 'ID of the order workflow, as `start` printed it.',
      parse: async (input) => checkWorkflowId(input),
    }),
  };
  static override flags = { ...connectionFlags };

  async run() {
    const server = await joinRunningServer(this.flags, this.teardown);
    const workflowId = this.args['workflow-id'];
    try {
      await server.client.workflow.getHandle(workflowId).signal(approveOrder);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new WorkflowRequestError(
          /already completed/i.test(error.message)
            ? `workflow ${workflowId} has already finished: there is nothing left to approve`
            : `no workflow ${workflowId} in namespace ${server.namespace} on ${server.address}: check the ID that \`start\` printed`,
        );
      }
      throw new WorkflowRequestError(`could not signal ${workflowId}: ${rootMessage(error)}`);
    }
    this.log(`Sent ${APPROVE_SIGNAL} to ${workflowId}`);
    return { workflowId, signal: APPROVE_SIGNAL, sent: true };
  }
}
