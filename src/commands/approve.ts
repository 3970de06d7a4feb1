import { Args } from '@oclif/core';
import { isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags, encryptionFlags } from '../cli/flags';
import { joinRunningServer, LOCAL_SERVER_ADDRESS } from '../cli/server-connection';
import { APPROVE_SIGNAL, approveOrder } from '../domain/contract';
import { checkWorkflowId } from '../domain/order';
import { WorkflowRequestError } from '../temporal/errors';
import { EncryptionKeyError } from '../temporal/encryption-keys';
import { checkKeysDecrypt } from '../temporal/history';
import { rootMessage } from '../temporal/errors';

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
    const notFound = `no workflow ${workflowId} in namespace ${server.namespace} on ${server.address}: check the ID that \`start\` printed`;
    try {
      // The signal carries no payload: with --encrypt, the order's own input shows whether the keys fit.
      if (server.codec) await checkKeysDecrypt(server.client, { workflowId });
      await server.client.workflow.getHandle(workflowId).signal(approveOrder);
    } catch (error) {
      if (error instanceof EncryptionKeyError) throw error;
      if (isGrpcServiceError(error) && error.code === GrpcStatus.NOT_FOUND) {
        throw new WorkflowRequestError(notFound);
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new WorkflowRequestError(
          /already completed/i.test(error.message)
            ? `workflow ${workflowId} has already finished: there is nothing left to approve`
            : notFound,
        );
      }
      throw new WorkflowRequestError(`could not signal ${workflowId}: ${rootMessage(error)}`);
    }
    this.log(`Sent ${APPROVE_SIGNAL} to ${workflowId}`);
    return { workflowId, signal: APPROVE_SIGNAL, sent: true };
  }
}
