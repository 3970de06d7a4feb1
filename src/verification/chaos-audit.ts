// The audit of a chaos run: every order against the outcome it was designed to reach (from the server's history)
// and against the external systems' record (the ledger); nothing left running, nothing done twice; and what the
// orders that were never delivered kept of the customer's money and stock.
import {
  ACTIVITY,
  APPROVE_SIGNAL,
  INVALID_CARD_ERROR_TYPE,
  ORDER_EXPIRED,
  ORDER_FULFILLED,
} from '../domain/contract';
import type { ExpectedOutcome, OrderOutcome, OrderRunSpec, RetryPolicyChoice } from '../domain/order-run';
import { approvalWindowFor, ORDER_OUTCOMES } from '../domain/order-run';
import type { Ledger } from '../services/ledger';
import type { Check } from './checks';
import type { DuplicateEffect, LedgerAudit } from './ledger-checks';
import { auditLedger, keptEffects, ledgerChecks } from './ledger-checks';
import type { WorkflowFacts } from './workflow-facts';

/** The calls the sample tries once: a worker that dies during one of them fails the order. */
const SINGLE_ATTEMPT_CALLS: readonly string[] = [ACTIVITY.processPayment, ACTIVITY.reserveInventory];

/** The client's tries to approve a running order: when the first went out, and when one was accepted. */
export interface ApprovalAttempts {
  /** Epoch ms. */
  firstAt: number;
  /** When the server accepted one (epoch ms); none when the workflow had closed first. */
  acceptedAt?: number;
  attempts: number;
  /**
   * The last refused try: why, and when the answer came (epoch ms). A try may take seconds: the client retries an
   * unavailable server within it.
   */
  lastRefusal?: { message: string; at: number };
}

/**
 * What became of an approval sent to a running order, from the server's record (the signal's event against the
 * approval deadline's timer, and the workflow task that saw it fire) and the client's tries: recorded before the
 * workflow saw the deadline; sent before the deadline but recorded only after the workflow acted on it, or never (the
 * server could not accept it in time: on the cluster, its shard had no owner); or sent only after the deadline.
 */
export type ApprovalVerdict = 'accepted-in-time' | 'not-accepted-in-time' | 'sent-late';

export interface ApprovalAudit {
  verdict: ApprovalVerdict;
  evidence: string;
}

export interface AuditedOrder {
  number: number;
  /** The order's kind in the run's plan. */
  kind: string;
  orderId: string;
  workflowId: string;
  runId?: string;
  designed: ExpectedOutcome;
  outcome: OrderOutcome;
  /** Under the sample's retry policy: the order failed because a worker died during a call tried only once. */
  lostToCrash?: { activity: string; charged: boolean; refunded: boolean };
  /** Never delivered, and the ledger shows a charge (a reservation) nothing gave back. */
  keptCharge: boolean;
  keptReservation: boolean;
  /** An approval sent while it ran: whether the server accepted it before the deadline. */
  approval?: ApprovalAudit;
  /** Why the order counts against the run: empty when it reached its design (or was lost as expected). */
  problems: string[];
}

/** An order as the audit names it in a list. */
export type OrderReference = Pick<AuditedOrder, 'number' | 'kind' | 'orderId' | 'workflowId'>;

export interface ChaosAudit {
  orders: AuditedOrder[];
  /** Orders whose approval, sent in time, the server could not accept before the deadline: they expired. */
  approvalsNotAcceptedInTime: (OrderReference & { evidence: string })[];
  outcomes: Record<OrderOutcome, number>;
  stuckWorkflows: string[];
  ledger: LedgerAudit & {
    /** Orders that ended without delivery and whose charge nothing refunded. */
    undeliveredNotRefunded: OrderReference[];
    /** Orders that ended without delivery and whose reservation nothing released. */
    undeliveredNotReleased: OrderReference[];
  };
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
  /** The client's tries to approve it while it ran (an order approved late). */
  approvalAttempts?: ApprovalAttempts;
}

export function outcomeOf(facts: WorkflowFacts): OrderOutcome {
  if (facts.status === 'running') return 'running';
  if (facts.status === 'canceled') return 'cancelled';
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** An approval sent to the running order, judged by when the server recorded it against the deadline's timer. */
export function auditApproval(order: OrderToAudit): ApprovalAudit | undefined {
  const { facts, approvalAttempts: tries } = order;
  if (!tries) return undefined;
  const window = approvalWindowFor(order.spec);
  const deadline = facts.timers.find((timer) => timer.durationMs === window);
  const signal = facts.signals.find((candidate) => candidate.name === APPROVE_SIGNAL);
  if (!deadline?.firedEventId || deadline.firedAt === undefined) {
    return signal
      ? {
          verdict: 'accepted-in-time',
          evidence: `recorded as event ${signal.eventId}; the deadline never fired`,
        }
      : undefined;
  }
  // The workflow task that acted on the deadline sees every event recorded before it started: an approval among
  // them reached the workflow with the deadline, and its handler runs first (signals before timers).
  const firedEventId = deadline.firedEventId;
  const seenFrom =
    facts.workflowTaskCompletions.find((task) => task.startedEventId > firedEventId)?.startedEventId ??
    firedEventId;
  if (signal && signal.eventId < seenFrom) {
    return {
      verdict: 'accepted-in-time',
      evidence:
        signal.eventId < firedEventId
          ? `recorded as event ${signal.eventId}, ${seconds(deadline.firedAt - signal.at)} before the deadline's ` +
            `timer fired (event ${firedEventId})`
          : `recorded as event ${signal.eventId}, after the deadline's timer fired (event ${firedEventId}) but ` +
            `before the workflow task that saw it started (event ${seenFrom}): the workflow saw both at once`,
    };
  }
  const recorded = signal
    ? `the server recorded it as event ${signal.eventId}, after the workflow acted on the deadline's timer ` +
      `(fired as event ${firedEventId}, seen by the workflow task started as event ${seenFrom})`
    : `the server never recorded it (the deadline's timer fired as event ${firedEventId})`;
  const { firedAt } = deadline;
  const since = (at: number) =>
    at >= firedAt
      ? `${seconds(at - firedAt)} after the deadline`
      : `${seconds(firedAt - at)} before the deadline`;
  if (tries.firstAt >= firedAt) {
    return { verdict: 'sent-late', evidence: `first sent ${since(tries.firstAt)}; ${recorded}` };
  }
  return {
    verdict: 'not-accepted-in-time',
    evidence:
      `first sent ${since(tries.firstAt)}, in ${tries.attempts} tr${tries.attempts === 1 ? 'y' : 'ies'}, ` +
      (tries.acceptedAt !== undefined ? `accepted ${since(tries.acceptedAt)}` : 'never accepted') +
      (tries.lastRefusal
        ? `; refused last ${since(tries.lastRefusal.at)}: ${tries.lastRefusal.message}`
        : '') +
      `; ${recorded}`,
  };
}

function auditOrder(
  order: OrderToAudit,
  ledger: Ledger,
  { retryPolicy, compensate }: ChaosAuditSettings,
): AuditedOrder {
  const { facts } = order;
  const outcome = outcomeOf(facts);
  const approval = auditApproval(order);
  // An approval the server could not take before the deadline never reached the order: it expires, as designed
  // for an order nobody approved. One the server recorded in time and the order still expired, it lost.
  const expected = approval?.verdict === 'not-accepted-in-time' ? 'expired' : order.designed;
  const effects = ledger.effects({ workflowId: order.workflowId });
  // A running order may still give back what it took; it is reported as stuck instead.
  const ended = outcome !== 'running' && !effects.some((effect) => effect.action === 'deliver');
  const audited: AuditedOrder = {
    number: order.number,
    kind: order.kind,
    orderId: order.spec.order.order_id,
    workflowId: order.workflowId,
    runId: order.runId,
    designed: order.designed,
    outcome,
    problems: [],
    keptCharge: ended && keptEffects(effects, 'refund').length > 0,
    keptReservation: ended && keptEffects(effects, 'release').length > 0,
    ...(approval ? { approval } : {}),
  };
  const lostCall = outcome === 'lost' ? callLostToCrash(facts) : undefined;
  if (lostCall && retryPolicy === 'sample') {
    const charged = effects.some((effect) => effect.action === 'charge');
    audited.lostToCrash = { activity: lostCall, charged, refunded: charged && !audited.keptCharge };
    // With compensation, even an order lost to a crash gives back what it took.
    if (compensate && (audited.keptCharge || audited.keptReservation)) {
      audited.problems.push('ledger: lost to a crash, and what it took was not all given back');
    }
    return audited;
  }
  if (outcome !== expected) {
    const why =
      approval?.verdict === 'accepted-in-time' && outcome === 'expired'
        ? `the workflow lost its approval, ${approval.evidence}`
        : approval?.verdict === 'sent-late'
          ? `its approval was ${approval.evidence}`
          : (facts.failure?.cause?.message ?? facts.failure?.message);
    audited.problems.push(`designed to end ${expected}, ended ${outcome}${why ? `: ${why}` : ''}`);
  }
  for (const check of ledgerChecks(ledger, {
    workflowId: order.workflowId,
    expected,
    items: order.spec.order.items_to_pack,
    compensate,
  })) {
    if (!check.passed) audited.problems.push(`ledger: ${check.name} — ${check.evidence}`);
  }
  return audited;
}

/** A duplicate effect as the audit names it: what, of which order, under which keys. */
export function describeDuplicate(duplicate: DuplicateEffect): string {
  const what = `${duplicate.action}${duplicate.subject ? ` ${duplicate.subject}` : ''}`;
  return `${what} of ${duplicate.workflowId} under keys ${duplicate.keys.join(', ')}`;
}

/**
 * The verdict as named checks with their evidence, all of which must hold: every order reached its design (or was
 * lost to a crash as the sample's policy allows), nothing is still running, no effect happened twice, and no process
 * the run started is left. With compensation, an order that kept a charge or a reservation has a problem; without,
 * that is the lesson the audit lists, not a failure.
 */
export function chaosChecks(audit: ChaosAudit, leftoverProcesses: readonly number[]): Check[] {
  const troubled = audit.orders.filter((order) => order.problems.length > 0);
  const lost = audit.orders.filter((order) => order.lostToCrash).length;
  const notAccepted = audit.approvalsNotAcceptedInTime.length;
  const byOutcome = ORDER_OUTCOMES.filter((outcome) => audit.outcomes[outcome] > 0)
    .map((outcome) => `${outcome} ${audit.outcomes[outcome]}`)
    .join(', ');
  const { duplicateEffects, absorbedDuplicates } = audit.ledger;
  const absorbed = absorbedDuplicates.reduce((sum, entry) => sum + entry.count, 0);
  return [
    {
      name: 'every order reached its designed outcome, as its history and the ledger show',
      passed: troubled.length === 0,
      evidence:
        troubled.length === 0
          ? `${audit.orders.length} orders: ${byOutcome || 'none'}` +
            (lost > 0 ? ` (${lost} lost to a crash, as the sample's retry policy allows)` : '') +
            (notAccepted > 0
              ? ` (${notAccepted} expired because the server could not accept their approval, sent in time, ` +
                'before the deadline)'
              : '')
          : troubled
              .map(
                (order) =>
                  `order ${order.number} (${order.kind}, workflow ${order.workflowId}): ${order.problems.join('; ')}`,
              )
              .join('\n'),
    },
    {
      name: 'no workflow still running',
      passed: audit.stuckWorkflows.length === 0,
      evidence:
        audit.stuckWorkflows.length === 0
          ? `the workflow of each of the ${audit.orders.length} orders is closed on the server`
          : `still running: ${audit.stuckWorkflows.join(', ')}`,
    },
    {
      name: 'no effect done twice',
      passed: duplicateEffects.length === 0,
      evidence: [
        `${audit.ledger.effects} effects in the ledger; ${absorbed} repeated calls absorbed under ` +
          `${absorbedDuplicates.length} idempotency keys`,
        ...duplicateEffects.map((duplicate) => `duplicate effect: ${describeDuplicate(duplicate)}`),
      ].join('\n'),
    },
    {
      name: 'no process of the run left behind',
      passed: leftoverProcesses.length === 0,
      evidence:
        leftoverProcesses.length === 0
          ? 'no process the run started is still running, its server aside'
          : `still running: ${leftoverProcesses.map((pid) => `pid ${pid}`).join(', ')}`,
    },
  ];
}

/** How the orders of the run were designed to behave. */
export interface ChaosAuditSettings {
  retryPolicy: RetryPolicyChoice;
  /** The orders give back what they took when they end without delivery. */
  compensate: boolean;
}

export function auditChaos(
  orders: readonly OrderToAudit[],
  ledger: Ledger,
  settings: ChaosAuditSettings,
): ChaosAudit {
  const audited = orders.map((order) => auditOrder(order, ledger, settings));
  const outcomes = Object.fromEntries(ORDER_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    OrderOutcome,
    number
  >;
  for (const order of audited) outcomes[order.outcome]++;
  const reference = ({ number, kind, orderId, workflowId }: AuditedOrder): OrderReference => ({
    number,
    kind,
    orderId,
    workflowId,
  });
  return {
    orders: audited,
    approvalsNotAcceptedInTime: audited.flatMap((order) =>
      order.approval?.verdict === 'not-accepted-in-time'
        ? [{ ...reference(order), evidence: order.approval.evidence }]
        : [],
    ),
    outcomes,
    stuckWorkflows: audited.filter((order) => order.outcome === 'running').map((order) => order.workflowId),
    ledger: {
      ...auditLedger(ledger),
      undeliveredNotRefunded: audited.filter((order) => order.keptCharge).map(reference),
      undeliveredNotReleased: audited.filter((order) => order.keptReservation).map(reference),
    },
  };
}
