import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags, encryptionFlags } from '../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS } from '../cli/server-connection';
import { APPROVE_SIGNAL, APPROVE_UPDATE } from '../domain/contract';
import { EXIT } from '../domain/errors';
import { checkWorkflowId } from '../domain/order';
import { approveWithUpdate, sendApproval } from '../temporal/order-client/requests';
import { WorkflowRequestError } from '../temporal/errors';

export default class Approve extends BaseCommand<typeof Approve> {
  static override summary =
    'Send approve_order to a waiting order workflow, or approve it with an update that answers.';
  static override description =
    'The human in the loop: the workflow waits up to its approval window for this signal, then delivers. ' +
    'Sending it twice is harmless. A signal is fire-and-forget: one that arrives after the order was decided ' +
    `(while it gives back what it took, say) is taken and ignored, and this command cannot tell. With --update it sends ` +
    `${APPROVE_UPDATE}, a Workflow Update the order answers: exit 0 with the answer when it is approved, exit 1 with ` +
    'the reason when it is refused (already approved, expired, cancelled, failed — "the order expired 4 s ago"); ' +
    'a refused update leaves no trace in the history. ' +
    `Connects to ${LOCAL_SERVER_ADDRESS} unless --address, TEMPORAL_ADDRESS or a profile names another server.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %> order-order-1-1767225600',
    '<%= config.bin %> <%= command.id %> order-order-1-1767225600 --address 127.0.0.1:27231',
    {
      description: 'Approve with the update, and be told whether it was in time',
      command: '<%= config.bin %> <%= command.id %> order-order-1-1767225600 --update',
    },
  ];
  static override args = {
    'workflow-id': Args.string({
      required: true,
      description: 'ID of the order workflow, as `start` printed it.',
      parse: async (input) => checkWorkflowId(input),
    }),
  };
  static override flags = {
    update: Flags.boolean({
      description: `Approve with the ${APPROVE_UPDATE} Workflow Update, which answers, instead of the ${APPROVE_SIGNAL} signal.`,
    }),
    ...connectionFlags,
    ...encryptionFlags,
  };

  async run() {
    const server = await joinRunningServer(this.flags, this.teardown);
    const workflowId = this.args['workflow-id'];
    if (!this.flags.update) {
      await sendApproval(server, workflowId);
      this.log(`Sent ${APPROVE_SIGNAL} to ${workflowId}`);
      return { workflowId, signal: APPROVE_SIGNAL, sent: true };
    }
    const answer = await approveWithUpdate(server, workflowId);
    if (answer.approved) {
      this.log(`${APPROVE_UPDATE} accepted: ${answer.answer}`);
      return { workflowId, update: APPROVE_UPDATE, ...answer };
    }
    if (!this.jsonEnabled()) throw new WorkflowRequestError(`${APPROVE_UPDATE} refused: ${answer.reason}`);
    this.exitCode = EXIT.failed;
    return { workflowId, update: APPROVE_UPDATE, ...answer };
  }
}
