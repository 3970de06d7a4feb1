// Renders the outcome of several scenarios run on one server (`all`): one row each, then a one-line verdict.
import Table from 'cli-table3';
import type { ServerKind } from '../events/events';
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
  return [
    outcome.scenario,
    `${outcome.passed ? 'PASS' : 'FAIL'} — ${describeResult(outcome)}`,
    `${passedChecks}/${outcome.checks.length}`,
    formatDuration(outcome.durationMs),
  ];
}

/** How many scenarios passed, failed (a failed check, or an error) and were skipped. */
export function countOutcomes(outcomes: readonly ScenarioOutcome[]) {
  const skipped = outcomes.filter((outcome) => 'skipped' in outcome).length;
  const passed = outcomes.filter((outcome) => 'passed' in outcome && outcome.passed).length;
  return { passed, failed: outcomes.length - skipped - passed, skipped };
}

const SERVER_NAMES: Record<ServerKind, string> = {
  'dev-server': 'the embedded dev server',
  'time-skipping': 'the time-skipping server',
  cluster: 'the cluster',
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
