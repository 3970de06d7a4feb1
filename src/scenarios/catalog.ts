// Every scenario in the order `all` runs them (each at its defaults), and the choice of some of them by name.
import { InvalidInputError } from '../domain/errors';
import type { AnyRunnable } from '../runs/runnable';
import { cancellation } from './cancellation';
import { checkpoint } from './checkpoint';
import { expire } from './expire';
import { happyPath } from './happy-path';
import { humanInTheLoop } from './human-in-the-loop';
import { invalidCard } from './invalid-card';
import { inventoryDown } from './inventory-down';
import { lateApproval } from './late-approval';
import type { ScenarioReport } from './scenario';
import { historyFailover } from './history-failover';
import { regionFailover } from './region-failover/scenario';
import { versioning } from './versioning/scenario';
import { serverRestart } from './server-restart';
import { workerCrash } from './worker-crash';
import { workflowBug } from './workflow-bug';

/** A scenario of any options: `all` runs each at its defaults. */
export type AnyScenario = AnyRunnable & { run(...args: never[]): Promise<ScenarioReport> };

export const ALL_SCENARIOS: readonly AnyScenario[] = [
  happyPath,
  humanInTheLoop,
  inventoryDown,
  invalidCard,
  expire,
  lateApproval,
  checkpoint,
  cancellation,
  workflowBug,
  workerCrash,
  serverRestart,
  versioning,
  historyFailover,
  regionFailover,
];

export const SCENARIO_NAMES: readonly string[] = ALL_SCENARIOS.map((scenario) => scenario.name);

/**
 * The scenarios a comma-separated list names, in the catalog's order. An empty list means all of them; a list of no
 * names (",") or with an unknown name is refused.
 */
export function scenariosNamed(list: string): readonly AnyScenario[] {
  if (list === '') return ALL_SCENARIOS;
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !SCENARIO_NAMES.includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new InvalidInputError(
      `unknown scenario ${unknown.join(', ') || '(none given)'}; expected some of ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  return ALL_SCENARIOS.filter((scenario) => names.includes(scenario.name));
}
