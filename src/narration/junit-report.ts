// The JUnit XML of --junit, the format CI systems read test results in (GitHub Actions' test reporters, GitLab's
// artifacts:reports:junit, Jenkins): one <testsuite> for the run, with the server as its properties; one <testcase>
// per scenario (chaos: one for the run), its checks and their evidence in <system-out>, the failed ones in its
// <failure>; a scenario this server cannot run <skipped>, one that could not finish an <error>.
import type { Builder, TestCase } from 'junit-report-builder';
import type { Check } from '../verification/checks';
import type { JunitCase, JunitResults, RunMeta } from './presenter';

/** A whole run (one command) as one test suite: its cases, how long it took, at what speed, on which server. */
export interface JunitRun extends JunitResults, Pick<RunMeta, 'durationMs' | 'speed' | 'server'> {
  /** The command as typed, without its flags: "order-demo all". */
  command: string;
  startedAt: Date;
}

/**
 * junit-report-builder, loaded on first use: it takes some 25 ms to load, which a run without --junit need not pay.
 * A new builder each time: the module's own is one shared report.
 */
function newReportBuilder(): Builder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a load on first use, synchronous like the rest
  return (require('junit-report-builder') as Builder).newBuilder();
}

/** JUnit times are seconds, to the millisecond. */
function seconds(durationMs: number): number {
  return Math.round(durationMs) / 1000;
}

/** A check as a person reads it in the case's output: its mark and name, then its evidence, line by line. */
function checkLines(check: Check): string[] {
  return [
    `${check.passed ? '✓' : '✗'} ${check.name}`,
    ...check.evidence.split('\n').map((line) => `    ${line}`),
  ];
}

/**
 * A skip with its reason, which CI shows beside the skipped case. junit-report-builder writes a bare <skipped/>, so
 * the reason is added to the element its case builds.
 */
function skipWithReason(testCase: TestCase, reason: string): void {
  testCase.skipped();
  const build = testCase.build.bind(testCase);
  testCase.build = (parent) => {
    const element = build(parent);
    for (const child of element.children) {
      if ('name' in child && child.name === 'skipped') (child as typeof element).att('message', reason);
    }
    return element;
  };
}

function addCase(testCase: TestCase, item: JunitCase): void {
  if ('skipped' in item) {
    // Every case carries a time, as in Ant's reports (where the format comes from), a skipped one's too.
    skipWithReason(testCase.time(seconds(item.durationMs ?? 0)), item.skipped);
    if (item.checks) testCase.standardOutput(item.checks.flatMap(checkLines).join('\n'));
    return;
  }
  testCase.time(seconds(item.durationMs));
  if ('error' in item) {
    testCase.error(item.error, 'could not finish', item.error);
    return;
  }
  testCase.standardOutput(item.checks.flatMap(checkLines).join('\n'));
  if (item.passed) return;
  const failed = item.checks.filter((check) => !check.passed);
  testCase.failure(failed[0]?.name ?? `${item.name} did not pass`, 'check failed');
  if (failed.length > 0) testCase.stacktrace(failed.flatMap(checkLines).join('\n'));
}

/** The run as a JUnit XML document. */
export function renderJunitReport(run: JunitRun): string {
  const builder = newReportBuilder();
  const suite = builder
    .testSuite()
    .name(`${run.command} (${run.server.kind})`)
    .timestamp(run.startedAt)
    .time(seconds(run.durationMs))
    .property('server.kind', run.server.kind)
    .property('server.address', run.server.address)
    .property('server.namespace', run.server.namespace)
    .property('speed', String(run.speed));
  for (const [name, value] of Object.entries(run.properties ?? {})) suite.property(name, String(value));
  // The server kind in the class name keeps a scenario on one kind of server apart from the same on another when
  // CI gathers the reports of a matrix; Jenkins shows it as package order-demo, class dev-server.
  const className = `order-demo.${run.server.kind}`;
  for (const item of run.cases) addCase(suite.testCase().className(className).name(item.name), item);
  return builder.build();
}
