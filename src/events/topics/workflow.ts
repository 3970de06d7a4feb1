// An order's workflow as the server records it: its start, its workflow tasks, how it closed and where it failed.

export type WorkflowEvent =
  | {
      type: 'workflow.started';
      workflowId: string;
      runId: string;
      orderId: string;
      inventoryDown: boolean;
      itemsToPack: number;
      uiUrl?: string;
    }
  | { type: 'workflow-task.failed'; message: string; attempt?: number }
  | { type: 'workflow-task.retrying'; attempt: number }
  | {
      type: 'failure.located';
      workflowId: string;
      runId: string;
      address: string;
      namespace: string;
      /** The codec server that decrypts the history's payloads, when one runs. */
      codecEndpoint?: string;
      eventId: number;
      message: string;
      activity?: string;
      attempt?: number;
      errorType?: string;
      nonRetryable?: boolean;
    }
  | { type: 'workflow.completed'; result: string }
  | { type: 'workflow.cancelled' }
  | { type: 'workflow.failed'; message: string; cause?: string; causeType?: string; activity?: string };
