// Renders the outcome of several scenarios run on one server (`all`): one row each, then a one-line verdict.
import Table from 'cli-table3';
import type { ServerKind } from '../events/events';
import type { ScenarioReport, ScenarioVerdict } from '../scenarios/scenario';
import { skippedParts } from '../scenarios/scenario';
import { formatDuration } from './format';

/** A scenario that ran to its end: its report, checked against the server's record. */
export interface ScenarioRan {
  scenario: string;
  passed: boolean;
  status: string;
  result?: unknown;
  failure?: { message: string; cause?: { message: string } };
  checks: readonly { passed: boolean }[];
  durationMs: number;
  /** SKIPPED when part of it (an act) did not run; absent: PASS or FAIL, as `passed` says. */
  verdict?: ScenarioVerdict;
  acts?: ScenarioReport['acts'];
}

/** A scenario that could not run to its end: reported, and the next one runs. */
export interface ScenarioError {
  scenario: string;
  passed: false;
  error: string;
  durationMs: number;
}

/** A scenario this server cannot show (the time-skipping server and real waits): neither passed nor failed. */
export interface ScenarioSkipped {
  scenario: string;
  skipped: string;
}

export type ScenarioOutcome = ScenarioRan | ScenarioError | ScenarioSkipped;

/** What a run ended with, in a few words: the workflow's result, or how it closed and why. */
export function describeResult(outcome: Pick<ScenarioRan, 'status' | 'result' | 'failure'>): string {
  return outcome.status === 'completed'
    ? String(outcome.result)
    : `workflow ${outcome.status}${outcome.failure ? `: ${outcome.failure.cause?.message ?? outcome.failure.message}` : ''}`;
}

function row(outcome: ScenarioOutcome): string[] {
  if ('skipped' in outcome) return [outcome.scenario, `SKIPPED — ${outcome.skipped}`, '—', '—'];
  if ('error' in outcome) {
    return [outcome.scenario, `ERROR: ${outcome.error}`, '—', formatDuration(outcome.durationMs)];
  }
  const passedChecks = outcome.checks.filter((check) => check.passed).length;
  const verdict = outcome.verdict ?? (outcome.passed ? 'PASS' : 'FAIL');
  return [
    outcome.scenario,
    `${verdict} — ${[describeResult(outcome), ...skippedParts(outcome)].join('; ')}`,
    `${passedChecks}/${outcome.checks.length}`,
    formatDuration(outcome.durationMs),
  ];
}

/** A scenario this server could not run, or not all of: neither a pass nor a failure. */
function isSkipped(outcome: ScenarioOutcome): boolean {
  return 'skipped' in outcome || ('verdict' in outcome && outcome.verdict === 'SKIPPED');
}

/** How many scenarios passed, failed (a failed check, or an error) and were skipped (wholly or in part). */
export function countOutcomes(outcomes: readonly ScenarioOutcome[]) {
  const skipped = outcomes.filter(isSkipped).length;
  const passed = outcomes.filter((outcome) => 'passed' in outcome && outcome.passed).length;
  return { passed, failed: outcomes.length - skipped - passed, skipped };
}

const SERVER_NAMES: Record<ServerKind, string> = {
  'dev-server': 'the embedded dev server',
  'time-skipping': 'the time-skipping server',
  cluster: 'the cluster',
  regions: 'the two regions',
  external: 'a server this command did not start',
};

/** The table and the verdict, for a terminal (`color`) or plain text; `serverKind` explains what was skipped. */
export function renderSummary(
  outcomes: readonly ScenarioOutcome[],
  serverKind: ServerKind,
  durationMs: number,
  color: boolean,
): string {
  const table = new Table({
    head: ['scenario', 'outcome', 'checks', 'duration'],
    colWidths: [19, 64, 8, 10],
    wordWrap: true,
    style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
  });
  table.push(...outcomes.map(row));
  const { failed, skipped } = countOutcomes(outcomes);
  const ran = outcomes.length - skipped;
  const skippedNote = skipped > 0 ? ` (${skipped} skipped: not possible on ${SERVER_NAMES[serverKind]})` : '';
  const verdict =
    ran === 0
      ? `No scenario could run${skippedNote}.`
      : failed === 0
        ? `${ran === 1 ? 'The scenario' : `All ${ran} scenarios`} passed in ${formatDuration(durationMs)}${skippedNote}.`
        : `${failed} of ${ran} scenarios failed (${formatDuration(durationMs)})${skippedNote}.`;
  return ['', table.toString(), verdict].join('\n');
}
