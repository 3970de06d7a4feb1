// A scenario's report: the checks against the server's record with their evidence and the verdict, for a person;
// the JSON of --json (the report, the server, every step); its JUnit test case, its timeline and its HTML page.
import { Chalk } from 'chalk';
import type { ScenarioReport, ScenarioVerdict } from '../scenarios/scenario';
import { skippedParts, verdictOf } from '../scenarios/scenario';
import { formatDuration } from './format';
import type { HtmlReportInput } from './html-report';
import type { JunitCase, Presenter, RunMeta } from './presenter';
import type { ScenarioError, ScenarioSkipped } from './summary-table';
import { describeResult } from './summary-table';

/** The report, its verdict (`passed` is false for a SKIPPED one too), and the run's facts. */
export type ScenarioJson = ScenarioReport & { verdict: ScenarioVerdict } & Omit<RunMeta, 'steps'> & {
    steps: RunMeta['steps'];
  };

export function scenarioJson(report: ScenarioReport, meta: RunMeta): ScenarioJson {
  return { ...report, verdict: verdictOf(report), ...meta, steps: [...meta.steps] };
}

/** A scenario as `all` reports it: its run (the report and the run's facts), or why it could not finish or run. */
export type ScenarioOfAll = ScenarioJson | ScenarioError | ScenarioSkipped;

function scenarioCase(report: ScenarioReport, durationMs: number): JunitCase {
  const { scenario: name, checks } = report;
  if (verdictOf(report) === 'SKIPPED') {
    return { name, durationMs, checks, skipped: skippedParts(report).join('; ') };
  }
  return { name, durationMs, passed: report.passed, checks };
}

/** `all`'s scenarios as JUnit cases, in the order they ran: each with its checks, skipped, or stopped. */
export function scenarioCases(scenarios: readonly ScenarioOfAll[]): JunitCase[] {
  return scenarios.map((outcome) => {
    if ('skipped' in outcome) return { name: outcome.scenario, skipped: outcome.skipped };
    if ('error' in outcome) {
      return { name: outcome.scenario, durationMs: outcome.durationMs, error: outcome.error };
    }
    return scenarioCase(outcome, outcome.durationMs);
  });
}

/** The scenario's run as an HTML page: its timeline, its checks, its IDs. */
export function scenarioPage(report: ScenarioReport, title: string): HtmlReportInput {
  return {
    name: report.scenario,
    title,
    workflowId: report.workflowId,
    runId: report.runId,
    passed: report.passed,
    verdict: verdictOf(report),
    outcome: [describeResult(report), ...skippedParts(report)].join('; '),
    timeline: report.timeline,
    checks: report.checks,
    uiUrl: report.uiUrl,
  };
}

export const scenarioPresenter: Presenter<ScenarioReport> = {
  conclude(report, display, meta) {
    const c = new Chalk({ level: display.color ? 1 : 0 });
    display.line();
    display.line(c.bold("Checks against the server's record and the external systems' ledger:"));
    for (const item of report.checks) {
      display.line(`  ${item.passed ? c.green('✓') : c.red('✗')} ${item.name}`);
      display.line(c.dim(`      ${item.evidence}`));
    }
    const passedCount = report.checks.filter((item) => item.passed).length;
    const summary = `${passedCount}/${report.checks.length} checks passed in ${formatDuration(meta.durationMs)}`;
    const verdict = verdictOf(report);
    const mark = { PASS: c.green.bold, FAIL: c.red.bold, SKIPPED: c.yellow.bold }[verdict](verdict);
    display.line();
    display.line(`${mark} ${report.scenario}: ${[summary, ...skippedParts(report)].join('; ')}`);
    if (report.uiUrl) display.line(`History in the Web UI: ${c.underline(report.uiUrl)}`);
  },
  json: scenarioJson,
  junit: (report, meta) => ({ cases: [scenarioCase(report, meta.durationMs)] }),
  timeline: (report) => report.timeline,
  page: scenarioPage,
  workflows: (report) => [
    { workflowId: report.workflowId, runId: report.runId },
    ...(report.acts ?? [])
      .flatMap((act) => act.orders)
      .filter((order) => order.runId !== report.runId)
      .map(({ workflowId, runId }) => ({ workflowId, runId })),
  ],
};
