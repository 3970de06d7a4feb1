// How a run's report is shown: for a person after the run (and on Ctrl+C, the report so far), as the one JSON object
// of --json, as JUnit test cases for CI, and — for a run of one order — as a timeline and an HTML page; and which
// workflow runs it covers, for --keep-histories. One presenter per kind of run.
import type { TimedEvent } from '../events/events';
import type { Check } from '../verification/checks';
import type { Execution } from '../verification/history-events';
import type { Timeline } from '../verification/timeline';
import type { HtmlReportInput } from './html-report';
import type { Lines } from './progress-line';

/** What the command path knows of a run besides its report. */
export interface RunMeta {
  durationMs: number;
  speed: number;
  server: { kind: string; address: string; namespace: string; uiUrl?: string };
  /** Every event of the run, when they were kept. */
  steps: readonly TimedEvent[];
}

/** A scenario (or a chaos run) as one test case: its verdict and every check behind it. */
export type JunitCase =
  | { name: string; durationMs: number; passed: boolean; checks: readonly Check[] }
  /**
   * Not possible on this server (a real wait on the time-skipping server…), or part of it not (an act the server
   * refused), with the checks of what did run: neither passed nor failed.
   */
  | { name: string; skipped: string; durationMs?: number; checks?: readonly Check[] }
  /** Stopped before its checks could be made: an error, not a failed check. */
  | { name: string; durationMs: number; error: string };

/** What a run adds to its JUnit report: its cases, and what else names the run (chaos: its seed). */
export interface JunitResults {
  cases: JunitCase[];
  properties?: Record<string, string | number | boolean>;
}

/** Where a presenter writes: lines on stdout (above any live line), problems on stderr. */
export interface Display extends Lines {
  color: boolean;
  problem(text: string): void;
}

export interface Presenter<Report> {
  /** For a person, after the run: its verdict and what backs it. */
  conclude(report: Report, display: Display, meta: RunMeta): void;
  /** The one JSON object --json prints. */
  json(report: Report, meta: RunMeta): object;
  /** The run in time (--timeline), for a run of one order. */
  timeline?(report: Report): Timeline;
  /** Its test cases for CI (--junit): one per scenario, each with its checks. */
  junit?(report: Report, meta: RunMeta): JunitResults;
  /** Its HTML page (--report), for a run of one order. */
  page?(report: Report, title: string): HtmlReportInput;
  /** Every workflow run the report covers, whose histories --keep-histories writes. */
  workflows?(report: Report): Execution[];
}
