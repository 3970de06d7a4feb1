// What a chaos run will do, decided up front from a seed: the orders (each kind with the outcome it is designed to
// reach) and when it starts, and the faults — which worker is killed when, when the server goes down. The same seed
// gives the same plan; what the faults then hit depends on timing, as in production.
import prand from 'pure-rand';
import type { ExpectedOutcome, RetryPolicyChoice } from '../domain/order-run';
import type { FaultTarget } from '../events/events';
import { scaleDelay } from '../domain/speed';
import { HISTORY_HOSTS } from '../processes/cluster/config';

export type ChaosOrderKind =
  'plain' | 'packing' | 'inventory-outage' | 'declined-card' | 'approved-late' | 'never-approved';

/** How many of every 20 orders are of each kind. */
const MIX: Readonly<Record<ChaosOrderKind, number>> = {
  plain: 6,
  packing: 4,
  'inventory-outage': 2,
  'declined-card': 2,
  'approved-late': 3,
  'never-approved': 3,
};
export const CHAOS_ORDER_KINDS = Object.keys(MIX) as ChaosOrderKind[];

export const DESIGNED_OUTCOME: Readonly<Record<ChaosOrderKind, ExpectedOutcome>> = {
  plain: 'fulfilled',
  packing: 'fulfilled',
  'inventory-outage': 'fulfilled',
  'declined-card': 'card-declined',
  'approved-late': 'fulfilled',
  'never-approved': 'expired',
};

/** Orders start, and faults strike, over this long at speed 1 (scaled by the speed). */
const WINDOW_AT_SPEED_1_MS = 200_000;

export interface ChaosSettings {
  orders: number;
  activityWorkers: number;
  workflowWorkers: number;
  killActivityWorkers: number;
  killWorkflowWorkers: number;
  serverRestarts: number;
  killHistoryHosts: number;
  killMatching: number;
  databaseRestarts: number;
  /** Failovers of the namespace between two regions, planned and forced in turn. */
  regionFailovers: number;
  seed: number;
  speed: number;
  retryPolicy: RetryPolicyChoice;
  /** Orders give back what they took when they end without delivery. */
  compensate: boolean;
}

export interface ChaosOrder {
  /** 1-based, as printed. */
  number: number;
  kind: ChaosOrderKind;
  designed: ExpectedOutcome;
  /** Since the run began. */
  startAtMs: number;
}

export interface PlannedFault {
  atMs: number;
  target: FaultTarget;
  /** Which member of the pool (by position when the fault strikes); 0 for the server. */
  victim: number;
}

export type FaultCounts = Record<FaultTarget, number>;

export function faultCounts(faults: readonly { target: FaultTarget }[]): FaultCounts {
  const counts: FaultCounts = {
    'activity-worker': 0,
    'workflow-worker': 0,
    server: 0,
    'history-host': 0,
    'matching-host': 0,
    database: 0,
    'region-failover': 0,
  };
  for (const fault of faults) counts[fault.target]++;
  return counts;
}

export interface ChaosPlan {
  settings: ChaosSettings;
  windowMs: number;
  orders: ChaosOrder[];
  faults: PlannedFault[];
}

type Generator = prand.RandomGenerator;

function randomInt(generator: Generator, min: number, max: number): number {
  return prand.unsafeUniformIntDistribution(min, max, generator);
}

/** The kinds for `count` orders in the mix's proportions, shuffled (Fisher–Yates). */
function orderKinds(count: number, generator: Generator): ChaosOrderKind[] {
  const total = Object.values(MIX).reduce((sum, weight) => sum + weight, 0);
  const kinds: ChaosOrderKind[] = [];
  for (const kind of CHAOS_ORDER_KINDS) {
    kinds.push(...Array<ChaosOrderKind>(Math.floor((count * MIX[kind]) / total)).fill(kind));
  }
  while (kinds.length < count) kinds.push(CHAOS_ORDER_KINDS[kinds.length % CHAOS_ORDER_KINDS.length]);
  for (let index = kinds.length - 1; index > 0; index--) {
    const other = randomInt(generator, 0, index);
    [kinds[index], kinds[other]] = [kinds[other], kinds[index]];
  }
  return kinds;
}

/** `count` moments between `from` and `to` (shares of the window), in order. */
function moments(count: number, windowMs: number, from: number, to: number, generator: Generator) {
  const times = Array.from({ length: count }, () =>
    randomInt(generator, Math.round(windowMs * from), Math.round(windowMs * to)),
  );
  return times.sort((a, b) => a - b);
}

export function chaosPlan(settings: ChaosSettings): ChaosPlan {
  const generator = prand.xoroshiro128plus(settings.seed);
  const windowMs = scaleDelay(WINDOW_AT_SPEED_1_MS, settings.speed);
  const orders = orderKinds(settings.orders, generator).map((kind, index) => ({
    number: index + 1,
    kind,
    designed: DESIGNED_OUTCOME[kind],
    startAtMs: Math.round((index * windowMs) / settings.orders),
  }));
  const faultsOf = (target: FaultTarget, count: number, poolSize: number, from: number, to: number) =>
    moments(count, windowMs, from, to, generator).map((atMs) => ({
      atMs,
      target,
      victim: poolSize > 1 ? randomInt(generator, 0, poolSize - 1) : 0,
    }));
  const faults = [
    ...faultsOf('activity-worker', settings.killActivityWorkers, settings.activityWorkers, 0.05, 0.95),
    ...faultsOf('workflow-worker', settings.killWorkflowWorkers, settings.workflowWorkers, 0.05, 0.95),
    ...faultsOf('server', settings.serverRestarts, 1, 0.25, 0.75),
    ...faultsOf('history-host', settings.killHistoryHosts, HISTORY_HOSTS, 0.1, 0.7),
    ...faultsOf('matching-host', settings.killMatching, 1, 0.2, 0.8),
    ...faultsOf('database', settings.databaseRestarts, 1, 0.25, 0.75),
    ...faultsOf('region-failover', settings.regionFailovers, 1, 0.15, 0.75),
  ].sort((a, b) => a.atMs - b.atMs);
  return { settings, windowMs, orders, faults };
}
