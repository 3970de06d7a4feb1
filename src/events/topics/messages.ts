// What reaches an order from outside: the approval it waits for, signals, updates, a cancellation, and this CLI's
// commands run by a person in another terminal.

export type OrderMessageEvent =
  | { type: 'approval.waiting'; windowMs: number }
  | {
      type: 'approval.manual';
      workflowId: string;
      /** The arguments of this CLI's approve command that approves it. */
      approveArguments: string[];
    }
  | { type: 'approval.expired' }
  | { type: 'signal.sent'; signal: string; workflowId: string }
  | { type: 'signal.received'; signal: string }
  /** The server accepted an update: its validator let it in, and it is in the history. */
  | { type: 'update.accepted'; update: string }
  /** Someone asked for the workflow's cancellation (this CLI's `cancel`), and the server recorded it. */
  | {
      type: 'cancel.sent';
      workflowId: string;
      /** How often the activity in flight sends heartbeats, whose answers bring it the request. */
      heartbeatEveryMs?: number;
    }
  | { type: 'cancel.received' }
  /** One of this CLI's commands, run as its own process (a person in another terminal), and what it answered. */
  | { type: 'command.ran'; arguments: string[]; exitCode: number | null; output: string };
