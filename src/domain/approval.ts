// Where an order stands with its approval, and why an approval that comes too late is refused, in the words the
// approver reads. The workflow's update validator and the approve command (for an order already closed) say it alike.

/**
 * How an order was decided: from then on, an approval changes nothing. `delivered` is said of an order that has
 * closed, whose approval lies in its history.
 */
export type ApprovalDecision = 'approved' | 'delivered' | 'expired' | 'cancelled' | 'failed';

export interface DecidedApproval {
  decision: ApprovalDecision;
  /** Epoch milliseconds (workflow time in the workflow). */
  atMs: number;
  /** For a failed order: what failed it. */
  why?: string;
}

/** "4 s ago", or "less than a second ago". */
export function timeAgo(elapsedMs: number): string {
  return elapsedMs < 1000 ? 'less than a second ago' : `${Math.round(elapsedMs / 1000)} s ago`;
}

/** Why an approval is refused now: "the order expired 4 s ago". */
export function approvalRefusal({ decision, atMs, why }: DecidedApproval, nowMs: number): string {
  const ago = timeAgo(Math.max(0, nowMs - atMs));
  switch (decision) {
    case 'approved':
      return `the order was already approved ${ago}`;
    case 'delivered':
      return `the order was approved and delivered; it closed ${ago}`;
    case 'expired':
      return `the order expired ${ago}`;
    case 'cancelled':
      return `the order was cancelled ${ago}`;
    case 'failed':
      return `the order failed ${ago}${why ? `: ${why}` : ''}`;
  }
}
