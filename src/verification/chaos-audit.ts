// The audit of a chaos run: every order against the outcome it was designed to reach (from the server's history)
// and against the external systems' record (the ledger); nothing left running, nothing done twice.
import { ACTIVITY, INVALID_CARD_ERROR_TYPE, ORDER_EXPIRED, ORDER_FULFILLED } from '../domain/contract';
import type { ExpectedOutcome, OrderOutcome, OrderRunSpec, RetryPolicyChoice } from '../domain/order-run';
import { ORDER_OUTCOMES } from '../domain/order-run';
import type { Ledger } from '../services/ledger';
import type { LedgerAudit } from './ledger-checks';
import { auditLedger, ledgerChecks } from './ledger-checks';
import type { WorkflowFacts } from './workflow-facts';

/** The calls the sample tries once: a worker that dies during one of them fails the order. */
const SINGLE_ATTEMPT_CALLS: readonly string[] = [ACTIVITY.processPayment, ACTIVITY.reserveInventory];

export interface AuditedOrder {
  number: number;
  /** The order's kind in the run's plan. */
  kind: string;
  workflowId: string;
  runId?: string;
  designed: ExpectedOutcome;
  outcome: OrderOutcome;
  /** Under the sample's retry policy: the order failed because a worker died during a call tried only once. */
  lostToCrash?: { activity: string; charged: boolean };
  /** Why the order counts against the run: empty when it reached its design (or was lost as expected). */
  problems: string[];
}

export interface ChaosAudit {
  orders: AuditedOrder[];
  outcomes: Record<OrderOutcome, number>;
  stuckWorkflows: string[];
  ledger: LedgerAudit;
}

export interface OrderToAudit {
  number: number;
  /** The order's kind in the run's plan. */
  kind: string;
  designed: ExpectedOutcome;
  spec: OrderRunSpec;
  workflowId: string;
  runId?: string;
  facts: WorkflowFacts;
}

export function outcomeOf(facts: WorkflowFacts): OrderOutcome {
  if (facts.status === 'running') return 'running';
  if (facts.status === 'completed') {
    if (facts.result === ORDER_FULFILLED) return 'fulfilled';
    if (facts.result === ORDER_EXPIRED) return 'expired';
    return 'other';
  }
  if (facts.status === 'failed') {
    return facts.failure?.cause?.type === INVALID_CARD_ERROR_TYPE ? 'card-declined' : 'lost';
  }
  return 'other';
}

/** The single-attempt call whose worker died, if that is why the order failed. */
function callLostToCrash(facts: WorkflowFacts): string | undefined {
  return facts.activities.find(
    (activity) => activity.outcome === 'timed-out' && SINGLE_ATTEMPT_CALLS.includes(activity.activityType),
  )?.activityType;
}

function auditOrder(order: OrderToAudit, ledger: Ledger, retryPolicy: RetryPolicyChoice): AuditedOrder {
  const { facts } = order;
  const outcome = outcomeOf(facts);
  const audited: AuditedOrder = {
    number: order.number,
    kind: order.kind,
    workflowId: order.workflowId,
    runId: order.runId,
    designed: order.designed,
    outcome,
    problems: [],
  };
  const lostCall = outcome === 'lost' ? callLostToCrash(facts) : undefined;
  if (lostCall && retryPolicy === 'sample') {
    const charged = ledger
      .effects({ workflowId: order.workflowId })
      .some((effect) => effect.action === 'charge');
    audited.lostToCrash = { activity: lostCall, charged };
    return audited;
  }
  if (outcome !== order.designed) {
    const why = facts.failure?.cause?.message ?? facts.failure?.message;
    audited.problems.push(`designed to end ${order.designed}, ended ${outcome}${why ? `: ${why}` : ''}`);
  }
  for (const check of ledgerChecks(ledger, {
    workflowId: order.workflowId,
    expected: order.designed,
    items: order.spec.order.items_to_pack,
  })) {
    if (!check.passed) audited.problems.push(`ledger: ${check.name} — ${check.evidence}`);
  }
  return audited;
}

/**
 * The verdict: every order reached its design (or was lost to a crash as the sample's policy allows), nothing is
 * still running, no effect happened twice, and no process the run started is left.
 */
export function chaosPassed(audit: ChaosAudit, leftoverProcesses: readonly number[]): boolean {
  return (
    audit.orders.every((order) => order.problems.length === 0) &&
    audit.stuckWorkflows.length === 0 &&
    audit.ledger.duplicateEffects.length === 0 &&
    leftoverProcesses.length === 0
  );
}

export function auditChaos(
  orders: readonly OrderToAudit[],
  ledger: Ledger,
  retryPolicy: RetryPolicyChoice,
): ChaosAudit {
  const audited = orders.map((order) => auditOrder(order, ledger, retryPolicy));
  const outcomes = Object.fromEntries(ORDER_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    OrderOutcome,
    number
  >;
  for (const order of audited) outcomes[order.outcome]++;
  return {
    orders: audited,
    outcomes,
    stuckWorkflows: audited.filter((order) => order.outcome === 'running').map((order) => order.workflowId),
    ledger: auditLedger(ledger),
  };
}
