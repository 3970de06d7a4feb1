// The order client's requests, as a person sends them with `approve` and `cancel`: approve by signal or by update,
// cancel; what the server refuses is said in the terms of the order (no such workflow, already finished).
import { status as GrpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DecidedApproval } from '../../domain/approval';
import { approvalRefusal } from '../../domain/approval';
import {
  APPROVAL_REFUSED_ERROR_TYPE,
  APPROVE_UPDATE,
  approveOrder,
  approveOrderUpdate,
  ORDER_EXPIRED,
} from '../../domain/contract';
import { protoMs } from '../../verification/history-events';
import { workflowFacts } from '../../verification/workflow-facts';
import { EncryptionKeyError } from '../encryption-keys';
import { rootMessage, WorkflowRequestError } from '../errors';
import { checkKeysDecrypt, fetchHistory } from '../history';
import type { TemporalServer } from '../servers/server';

/** What a request about one order becomes when the server refuses it: an error in the terms of the order. */
function inTermsOfTheOrder(
  error: unknown,
  server: TemporalServer,
  workflowId: string,
  request: { what: string; nothingLeft: string },
): Error {
  if (error instanceof EncryptionKeyError) return error;
  const notFound = `no workflow ${workflowId} in namespace ${server.namespace} on ${server.address}: check the ID that \`start\` printed`;
  if (isGrpcServiceError(error) && error.code === GrpcStatus.NOT_FOUND) {
    return new WorkflowRequestError(notFound);
  }
  if (error instanceof WorkflowNotFoundError) {
    return new WorkflowRequestError(
      isFinished(error) ? `workflow ${workflowId} has already finished: ${request.nothingLeft}` : notFound,
    );
  }
  return new WorkflowRequestError(`could not ${request.what} ${workflowId}: ${rootMessage(error)}`);
}

/** The server's answer to a request about a workflow that has closed. */
function isFinished(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError && /already completed/i.test(error.message);
}

/**
 * Sends approve_order to a waiting order, as a person approving it would; what the server refuses is said in the
 * terms of the order (no such workflow, already finished), with --encrypt keys that do not fit refused first.
 */
export async function sendApproval(server: TemporalServer, workflowId: string): Promise<void> {
  try {
    // The signal carries no payload: with --encrypt, the order's own input shows whether the keys fit.
    if (server.codec) await checkKeysDecrypt(server.client, { workflowId });
    await server.client.workflow.getHandle(workflowId).signal(approveOrder);
  } catch (error) {
    throw inTermsOfTheOrder(error, server, workflowId, {
      what: 'signal',
      nothingLeft: 'there is nothing left to approve',
    });
  }
}

/** The approval update's answer: approved, or refused with the reason. */
export type UpdateApproval = { approved: true; answer: string } | { approved: false; reason: string };

/**
 * Approves an order with the approve_order_update Workflow Update, which answers: approved, or refused with the
 * reason — by the workflow's validator while the order is open (nothing enters its history), or, once the order
 * has closed, from how and when its history says it ended.
 */
export async function approveWithUpdate(server: TemporalServer, workflowId: string): Promise<UpdateApproval> {
  try {
    if (server.codec) await checkKeysDecrypt(server.client, { workflowId });
    const answer = await server.client.workflow.getHandle(workflowId).executeUpdate(approveOrderUpdate);
    return { approved: true, answer };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const { cause } = error;
      if (cause instanceof ApplicationFailure && cause.type === APPROVAL_REFUSED_ERROR_TYPE) {
        return { approved: false, reason: cause.message };
      }
      throw new WorkflowRequestError(
        `${workflowId} does not take ${APPROVE_UPDATE} (${rootMessage(cause ?? error)}): its workflow worker may be ` +
          "the Python sample's, which has no such update; approve it with the signal, without --update",
      );
    }
    if (isFinished(error)) return { approved: false, reason: await closedOrderRefusal(server, workflowId) };
    throw inTermsOfTheOrder(error, server, workflowId, {
      what: 'update',
      nothingLeft: 'there is nothing left to approve',
    });
  }
}

/** Why an order that has closed takes no approval, from its history's last event: "the order expired 4 s ago". */
async function closedOrderRefusal(server: TemporalServer, workflowId: string): Promise<string> {
  const history = await fetchHistory(server.client, { workflowId, runId: '' });
  const facts = workflowFacts({ workflowId, runId: '' }, history);
  const atMs = protoMs(history.at(-1)?.eventTime);
  const why = facts.failure?.cause?.message ?? facts.failure?.message;
  const decided: DecidedApproval =
    facts.status === 'completed'
      ? { decision: facts.result === ORDER_EXPIRED ? 'expired' : 'delivered', atMs }
      : facts.status === 'canceled'
        ? { decision: 'cancelled', atMs }
        : { decision: 'failed', atMs, why: why ?? facts.status };
  return approvalRefusal(decided, Date.now());
}

/**
 * Asks the server to cancel an order's workflow, as a person would with `cancel`: the workflow stops where it is,
 * gives back what it took (with compensation) and ends as cancelled. What the server refuses is said in the terms
 * of the order.
 */
export async function requestCancellation(server: TemporalServer, workflowId: string): Promise<void> {
  const handle = server.client.workflow.getHandle(workflowId);
  try {
    // The server takes a request to cancel a run it has already cancelled without a word: ask first.
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') {
      throw new WorkflowRequestError(
        `workflow ${workflowId} has already finished (${status.name.toLowerCase()}): there is nothing left to cancel`,
      );
    }
    await handle.cancel();
  } catch (error) {
    if (error instanceof WorkflowRequestError) throw error;
    throw inTermsOfTheOrder(error, server, workflowId, {
      what: 'cancel',
      nothingLeft: 'there is nothing left to cancel',
    });
  }
}
