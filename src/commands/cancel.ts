import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags, encryptionFlags } from '../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS } from '../cli/server-connection';
import { checkWorkflowId } from '../domain/order';
import { requestCancellation } from '../temporal/order-client/requests';

export default class Cancel extends BaseCommand<typeof Cancel> {
  static override summary = 'Request the cancellation of an order workflow.';
  static override description =
    'The workflow stops where it is: a step in flight that heartbeats (packing) stops at its next heartbeat, the ' +
    'others finish first. With compensation (started with --compensate) it then gives back what it took — ' +
    'releases the stock, refunds the charge — and ends as cancelled; without, it ends as cancelled at once and ' +
    'keeps both, as the sample would. An order already delivered is not undone. This command only asks: it ' +
    'returns once the server recorded the request. ' +
    `Connects to ${LOCAL_SERVER_ADDRESS} unless --address, TEMPORAL_ADDRESS or a profile names another server.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> order-order-1-1767225600',
    '<%= config.bin %> <%= command.id %> order-order-1-1767225600 --address 127.0.0.1:27231',
  ];
  static override args = {
    'workflow-id': Args.string({
      required: true,
      description: 'ID of the order workflow, as `start` printed it.',
      parse: async (input) => checkWorkflowId(input),
    }),
  };
  static override flags = { ...connectionFlags, ...encryptionFlags };

  async run() {
    const server = await joinRunningServer(this.flags, this.teardown);
    const workflowId = this.args['workflow-id'];
    await requestCancellation(server, workflowId);
    this.log(`Requested the cancellation of ${workflowId}`);
    return { workflowId, cancellationRequested: true };
  }
}
