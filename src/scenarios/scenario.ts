import type { ExpectedOutcome } from '../domain/order-run';
import type { EventBus } from '../events/event-bus';
import type { Ledger } from '../services/ledger';
import type { FailureSummary } from '../verification/history-events';
import type { Teardown } from '../processes/teardown';
import type { TemporalServer } from '../temporal/servers/server';
import type { Check } from '../verification/checks';
import type { Timeline } from '../verification/timeline';
import type { WorkflowStatus } from '../verification/workflow-facts';

/** What a scenario runs with: the server, the event channel, the owner of everything it starts. */
export interface ScenarioContext {
  server: TemporalServer;
  events: EventBus;
  teardown: Teardown;
  /** Aborted on Ctrl+C. */
  signal: AbortSignal;
  speed: number;
  /** Where the external systems record every effect, shared by all the workers of the command's run. */
  ledger: Ledger;
  /** The ledger's folder, for workers in child processes (`worker activity --ledger`). */
  ledgerFolder: string;
}

/** What a scenario established, every claim backed by the server's record. */
export interface ScenarioReport {
  scenario: string;
  workflowId: string;
  runId: string;
  status: WorkflowStatus;
  result?: unknown;
  failure?: FailureSummary;
  expected: ExpectedOutcome;
  checks: Check[];
  passed: boolean;
  uiUrl?: string;
  /** The run in time, from the server's record. */
  timeline: Timeline;
}

/** A whole-number option of a scenario, as its command offers it (a flag). */
export interface CountOption {
  description: string;
  min: number;
  max?: number;
}

/**
 * One scenario, the single source of everything about it: its name (the command's and the report's), what the
 * command's help and the story say about it, its options with their defaults and rules, and how to run it.
 */
export interface Scenario<Options> {
  name: string;
  title: string;
  /** One line for the help of the command that runs it alone; human-in-the-loop runs only under `all`. */
  summary?: string;
  /** Why this matters in production: shown before the run. */
  lesson: string;
  /** What it runs with unless a person says otherwise — and always under `all`. */
  defaults: Options;
  /** Refuses options that cannot work together (an InvalidInputError), before anything starts. */
  validate?(options: Options): void;
  run(context: ScenarioContext, options: Options): Promise<ScenarioReport>;
  /**
   * Why this scenario (with these options) cannot run on the time-skipping server, if it cannot: a server that
   * jumps ahead whenever the workflow waits would fire the timeout or the window the scenario needs to last.
   */
  needsRealTime?(options: Options): string | undefined;
  /** Kills and restarts the Temporal server: only the embedded dev server, started by this CLI itself, allows it. */
  restartsServer?: boolean;
}

/** A scenario whose options are whole numbers a person may set, each described for the flag that sets it. */
export interface ScenarioWithCounts<Options> extends Scenario<Options> {
  options: { readonly [Name in keyof Options]: CountOption };
}

/** A scenario with its options decided: what runs it and what the command checks before anything starts. */
export interface ReadyScenario {
  name: string;
  title: string;
  lesson: string;
  run(context: ScenarioContext): Promise<ScenarioReport>;
  /** See Scenario.needsRealTime. */
  needsRealTime(): string | undefined;
  restartsServer: boolean;
}

export const RESTART_NEEDS_EMBEDDED_SERVER =
  'it kills and restarts the Temporal server, which only the embedded dev server this command starts allows';

/** Why this scenario cannot run on this server, if it cannot. */
export function cannotRunOn(
  scenario: ReadyScenario,
  server: Pick<TemporalServer, 'kind' | 'ownProcess'>,
): string | undefined {
  if (scenario.restartsServer && !server.ownProcess?.persistent) return RESTART_NEEDS_EMBEDDED_SERVER;
  return server.kind === 'time-skipping' ? scenario.needsRealTime() : undefined;
}

/** Binds options to a scenario once they are checked: refused (InvalidInputError) if they cannot work together. */
export function withOptions<Options>(scenario: Scenario<Options>, options: Options): ReadyScenario {
  scenario.validate?.(options);
  return {
    name: scenario.name,
    title: scenario.title,
    lesson: scenario.lesson,
    run: (context) => scenario.run(context, options),
    needsRealTime: () => scenario.needsRealTime?.(options),
    restartsServer: scenario.restartsServer ?? false,
  };
}
