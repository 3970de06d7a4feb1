// The shape every run has — a scenario, `chaos`, `bench`: its name and what it teaches, its options (each with its
// default, range and description), the check of its options against the server it would run on (which also says
// whether it can run there at all), what server it needs, and `run`, whose report says whether it passed. One command
// path (cli/run-command.ts) turns any of them into a command; `all` runs the scenarios among them on one server.
import { InvalidInputError } from '../domain/errors';
import type { EventBus } from '../events/event-bus';
import type { ServerKind } from '../events/events';
import type { Teardown } from '../processes/teardown';
import type { Ledger } from '../services/ledger';
import type { Sourced } from '../temporal/connection-settings';
import type { RunWorkflowIds } from '../temporal/order-client/workflow-ids';
import type { ServerCapabilities, TemporalServer } from '../temporal/servers/server';
import type { OptionSpecs, OptionValues } from './options';
import { defaultsOf } from './options';

/** The server a run would get, as known before it starts (a command) or once it is open (`all`). */
export interface ServerChoice extends ServerCapabilities {
  /** What messages call it: ask the capabilities to decide anything. */
  label: ServerKind;
  /** Where the address came from, for a server this CLI does not start. */
  address?: Sourced<string>;
}

/** What an open server offers a run (`all` validates each of its scenarios against the server it opened). */
export function choiceOf(server: TemporalServer, address?: Sourced<string>): ServerChoice {
  return {
    label: server.label,
    address,
    skipsTime: server.skipsTime,
    restartable: server.restartable !== undefined,
    // Services under this CLI's supervisor, which starts a killed one again.
    killableServices: server.supervisor !== undefined,
    failoverRegions: server.regions !== undefined,
  };
}

/** What a run asks of an embedded server (a server it is given by address is what it is). */
export interface ServerNeeds {
  /** It kills and restarts the server: the dev server as this CLI's own process, its state in a file. */
  restartable?: boolean;
  /** The server's own process, to measure its CPU and memory. */
  ownProcess?: boolean;
  /** The server's state file beside the run's ledger, kept with it (--keep-ledger). */
  stateWithLedger?: boolean;
  /** The dev server's own defaults instead of this CLI's tuning. */
  untuned?: boolean;
}

/** Everything a run gets from the command path. */
export interface RunContext<Report = unknown> {
  server: TemporalServer;
  events: EventBus;
  teardown: Teardown;
  /** Aborted on Ctrl+C or SIGTERM. */
  signal: AbortSignal;
  speed: number;
  /** Where the external systems record every effect, shared by all the workers of the command's run. */
  ledger: Ledger;
  /** The ledger's folder, for workers in child processes (`worker activity --ledger`). */
  ledgerFolder: string;
  /** The ledger stays after the command (--keep-ledger), for a person to read. */
  ledgerKept: boolean;
  /** The workflow IDs of the command's orders, unique like its ledger's idempotency keys, which they are part of. */
  workflowIds: RunWorkflowIds;
  /**
   * From now until the returned function is called, Ctrl+C shows `reportSoFar()` before anything stops (the
   * figures of a load, while its workers are still there to be measured).
   */
  whenInterrupted(reportSoFar: () => Report): () => void;
}

/** What every report says, whatever else it holds. */
export interface RunReport {
  passed: boolean;
}

export interface Runnable<Specs extends OptionSpecs, Report extends RunReport> {
  /** The command's name, and the report's. */
  name: string;
  title: string;
  /** One line, for the command's help and the catalog. */
  summary: string;
  /** Why this matters in production: shown before the run. */
  lesson: string;
  /** The speed it runs at unless --speed says otherwise. */
  speed?: number;
  options: Specs;
  /**
   * Refuses (InvalidInputError) options that cannot work together, or cannot work on that server — then a
   * CannotRunHereError, whose reason `all` reports as the scenario's skip. Before anything starts.
   */
  validate?(options: OptionValues<Specs>, server: ServerChoice): void;
  /** What it needs of an embedded server with these options. */
  needs?(options: OptionValues<Specs>): ServerNeeds;
  /**
   * none: it records no external effects (bench measures the workflow, not the ledger), so no --keep-ledger;
   * fresh: its audit counts every effect of the ledger as its own, so a kept ledger must start empty.
   */
  ledger?: 'none' | 'fresh';
  run(context: RunContext<Report>, options: OptionValues<Specs>): Promise<Report>;
  /** The exit code of a report; default: 0 when it passed, 1 otherwise. */
  exitCode?(report: Report): number;
}

// A catalog holds runs of every option shape and report: `any` stands for "some specs, some report", which
// TypeScript cannot say of a heterogeneous list otherwise.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRunnable = Runnable<any, any>;

/** A server this run cannot use at all; `reason` is what `all` shows for skipping it. */
export class CannotRunHereError extends InvalidInputError {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'CannotRunHereError';
  }
}

export const RESTART_NEEDS_EMBEDDED_SERVER =
  'it kills and restarts the Temporal server, which only the embedded dev server this command starts allows';

/** Refuses the time-skipping server for a run that needs real time, saying why (`reason`). */
export function requireRealTime(run: string, server: ServerChoice, reason: string | undefined): void {
  if (!server.skipsTime || !reason) return;
  throw new CannotRunHereError(
    `${run} cannot run on the time-skipping server: ${reason}. Use --server dev-server.`,
    reason,
  );
}

/** Refuses the server unless it can (`can`), saying why (`reason`) and what to use instead (`instead`). */
function requireThat(can: boolean, run: string, server: ServerChoice, reason: string, instead: string): void {
  if (can) return;
  const where = server.address ? `on ${server.address.value}` : `on the ${server.label} server`;
  throw new CannotRunHereError(`${run} cannot run ${where}: ${reason}. ${instead}`, reason);
}

/** Refuses a server this CLI cannot kill and restart. */
export function requireRestartableServer(run: string, server: ServerChoice): void {
  requireThat(
    server.restartable,
    run,
    server,
    RESTART_NEEDS_EMBEDDED_SERVER,
    'Leave out --address and --server.',
  );
}

export const NEEDS_CLUSTER =
  'it kills a history host of the cluster this command starts, which only --server cluster allows';

/** Refuses any server but the cluster this CLI starts (whose processes it can kill). */
export function requireCluster(run: string, server: ServerChoice): void {
  requireThat(server.killableServices, run, server, NEEDS_CLUSTER, 'Use --server cluster.');
}

export const NEEDS_REGIONS =
  'it fails the namespace over between the two regions this command starts, which only --server regions allows';

/** Refuses any server but the two regions this CLI starts. */
export function requireRegions(run: string, server: ServerChoice): void {
  requireThat(server.failoverRegions, run, server, NEEDS_REGIONS, 'Use --server regions.');
}

/** Why this run, at its defaults, cannot use this server, if it cannot (what `all` skips it for). */
export function cannotRunOn(runnable: AnyRunnable, server: ServerChoice): string | undefined {
  try {
    runnable.validate?.(defaultsOf(runnable.options), server);
    return undefined;
  } catch (error) {
    if (error instanceof CannotRunHereError) return error.reason;
    throw error;
  }
}
