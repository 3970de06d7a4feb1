// Every scenario in the order `all` runs them, each with its default options.
import { checkpoint, DEFAULT_CHECKPOINT_OPTIONS } from './checkpoint';
import { expire } from './expire';
import { happyPath } from './happy-path';
import { humanInTheLoop } from './human-in-the-loop';
import { invalidCard } from './invalid-card';
import { inventoryDown } from './inventory-down';
import type { Scenario } from './scenario';
import { DEFAULT_WORKFLOW_BUG_OPTIONS, workflowBug } from './workflow-bug';

/** A scenario with its options bound: all that `all` needs to run it. */
export type ReadyScenario = Scenario<void>;

function withOptions<Options>(scenario: Scenario<Options>, options: Options): ReadyScenario {
  return {
    name: scenario.name,
    title: scenario.title,
    lesson: scenario.lesson,
    run: (context) => scenario.run(context, options),
    needsRealTime: () => scenario.needsRealTime?.(options),
  };
}

export const ALL_SCENARIOS: readonly ReadyScenario[] = [
  withOptions(happyPath, { approval: 'auto' }),
  withOptions(humanInTheLoop, {}),
  withOptions(inventoryDown, {}),
  withOptions(invalidCard, {}),
  withOptions(expire, {}),
  withOptions(checkpoint, DEFAULT_CHECKPOINT_OPTIONS),
  withOptions(workflowBug, DEFAULT_WORKFLOW_BUG_OPTIONS),
];
