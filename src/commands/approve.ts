import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags, encryptionFlags } from '../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS } from '../cli/server-connection';
import { APPROVE_SIGNAL } from '../domain/contract';
import { checkWorkflowId } from '../domain/order';
import { sendApproval } from '../scenarios/order-run';

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
  static override flags = { ...connectionFlags, ...encryptionFlags };

  async run() {
    const server = await joinRunningServer(this.flags, this.teardown);
    const workflowId = this.args['workflow-id'];
    await sendApproval(server, workflowId);
    this.log(`Sent ${APPROVE_SIGNAL} to ${workflowId}`);
    return { workflowId, signal: APPROVE_SIGNAL, sent: true };
  }
}
