import path from 'node:path';
import { Flags } from '@oclif/core';
import {
  historiesFolder,
  junitFileFlag,
  keepHistoriesFlag,
  keepLedgerFlag,
  reportFolderFlag,
  timelineFlag,
  writeReport,
} from '../cli/flags';
import { RunsCommand, serverSummary, sharedRunFlags } from '../cli/run-command';
import { EXIT } from '../domain/errors';
import { EventBus } from '../events/event-bus';
import type { ReportIndexEntry } from '../narration/html-report';
import { renderHtmlReport, renderReportIndex } from '../narration/html-report';
import type { ScenarioJson, ScenarioOfAll } from '../narration/scenario-report';
import { scenarioCases, scenarioJson, scenarioPage, scenarioPresenter } from '../narration/scenario-report';
import type { ScenarioOutcome } from '../narration/summary-table';
import { countOutcomes, describeResult, renderSummary } from '../narration/summary-table';
import { defaultsOf } from '../runs/options';
import { cannotRunOn } from '../runs/runnable';
import type { AnyScenario } from '../scenarios/catalog';
import { ALL_SCENARIOS, SCENARIO_NAMES, scenariosNamed } from '../scenarios/catalog';
import type { TemporalServer } from '../temporal/servers/server';

export default class All extends RunsCommand {
  static override summary =
    'Every scenario in turn on one server, a summary table, exit 1 if any check fails.';
  static override description =
    `The smoke test: ${SCENARIO_NAMES.slice(0, -1).join(', ')} and ${SCENARIO_NAMES.at(-1)}, each verified ` +
    'against the server, on one embedded server (or the one --address names). A scenario that cannot run on ' +
    'that server is skipped, with the reason.';
  static override examples = [
    {
      description: 'Everything, ten times faster (about a minute)',
      command: '<%= config.bin %> <%= command.id %> --speed 10',
    },
    { description: 'For CI', command: '<%= config.bin %> <%= command.id %> --speed 10 --json > report.json' },
    {
      description: "Against a server of your own, with a JUnit report for CI's test results",
      command: '<%= config.bin %> <%= command.id %> --address localhost:7233 --speed 10 --junit report.xml',
    },
    {
      description: 'Two of them',
      command: '<%= config.bin %> <%= command.id %> --only happy-path,checkpoint',
    },
  ];
  static override flags = {
    only: Flags.custom({
      description: `Comma-separated scenarios to run: ${SCENARIO_NAMES.join(', ')}.`,
      parse: async (input) => scenariosNamed(input),
    })(),
    'save-histories': Flags.custom<string>({
      helpValue: 'DIR',
      description:
        "Write the history of each scenario's order as JSON into this folder, one file named after the scenario " +
        '(the replay tests’ fixtures), created if missing. --keep-histories keeps every workflow run instead. ' +
        'With --encrypt, the histories hold the orders decrypted, and are written readable by you only.',
      parse: historiesFolder,
    })(),
    ...sharedRunFlags,
    ...timelineFlag,
    ...keepLedgerFlag,
    ...keepHistoriesFlag,
    ...reportFolderFlag,
    ...junitFileFlag,
  };

  async run() {
    const flags = this.flags as typeof this.runFlags & {
      only?: readonly AnyScenario[];
      'save-histories'?: string;
      report?: string;
      junit?: string;
    };
    const scenarios = flags.only ?? ALL_SCENARIOS;
    const settings = this.checkRunFlags();
    const serverEvents = new EventBus();
    const story = this.storyFor(serverEvents);
    let server: TemporalServer;
    try {
      const restartable = scenarios.some(
        (scenario) => scenario.needs?.(defaultsOf(scenario.options)).restartable,
      );
      server = await this.openRunServer(settings, serverEvents, { restartable });
    } finally {
      story?.stop();
    }
    const choice = {
      kind: server.label,
      address: settings.address,
      restartable: server.restartable !== undefined,
    };
    const outcomes: ScenarioOfAll[] = [];
    const ran: { scenario: AnyScenario; json: ScenarioJson }[] = [];
    for (const scenario of scenarios) {
      const reason = cannotRunOn(scenario, choice);
      if (reason) {
        outcomes.push({ scenario: scenario.name, skipped: reason });
        continue;
      }
      if (!this.jsonEnabled()) this.log(`\n${'─'.repeat(100)}`);
      const startedAt = Date.now();
      try {
        const json = await this.runScenarioOn(server, scenario);
        if (flags['save-histories']) {
          await this.saveHistory(server, json, path.join(flags['save-histories'], `${json.scenario}.json`));
        }
        outcomes.push(json);
        ran.push({ scenario, json });
      } catch (error) {
        if (this.interruption.signal.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        outcomes.push({
          scenario: scenario.name,
          passed: false,
          error: message,
          durationMs: Date.now() - startedAt,
        });
        if (!this.jsonEnabled()) this.logToStderr(`${scenario.name} could not finish: ${message}`);
      }
    }
    const counts = countOutcomes(outcomes);
    const passed = counts.failed === 0;
    const durationMs = Date.now() - serverEvents.startedAt;
    process.exitCode = passed ? EXIT.ok : EXIT.failed;
    if (!this.jsonEnabled()) this.log(renderSummary(outcomes, server.label, durationMs, this.useColor));
    if (flags.report) await this.writeReports(flags.report, ran, outcomes, passed);
    if (flags.junit) {
      await this.writeJunitReport(flags.junit, {
        command: `${this.config.bin} all`,
        startedAt: new Date(serverEvents.startedAt),
        durationMs,
        speed: flags.speed,
        server: serverSummary(server),
        cases: scenarioCases(outcomes),
      });
    }
    const json = {
      passed,
      durationMs,
      speed: flags.speed,
      server: serverSummary(server),
      counts,
      scenarios: outcomes,
    };
    if (!flags['keep-server']) return json;
    if (this.jsonEnabled()) this.logJson(json);
    await this.keepServer(server, passed ? EXIT.ok : EXIT.failed);
    return undefined;
  }

  /** One scenario at its defaults on the open server, with its own event stream and story. */
  private async runScenarioOn(server: TemporalServer, scenario: AnyScenario): Promise<ScenarioJson> {
    const events = new EventBus();
    const story = this.storyFor(events);
    try {
      story?.intro(scenario.title, scenario.lesson);
      const options = defaultsOf(scenario.options);
      const { report, meta } = await this.execute(
        scenario,
        scenarioPresenter,
        options,
        server,
        events,
        story,
      );
      const historiesFolder = this.runFlags['keep-histories'];
      if (historiesFolder) {
        await this.keepHistories(
          scenarioPresenter,
          report,
          server,
          path.join(historiesFolder, scenario.name),
          story,
        );
      }
      return scenarioJson(report, meta);
    } finally {
      story?.stop();
    }
  }

  /** One page per scenario that ran to its end, and an index of every scenario with its verdict. */
  private async writeReports(
    folder: string,
    ran: readonly { scenario: AnyScenario; json: ScenarioJson }[],
    outcomes: readonly ScenarioOutcome[],
    passed: boolean,
  ): Promise<void> {
    for (const { scenario, json } of ran) {
      await writeReport(
        path.join(folder, `${json.scenario}.html`),
        renderHtmlReport(scenarioPage(json, scenario.title)),
        this.runFlags.encrypt,
      );
    }
    const entries = outcomes.map((outcome): ReportIndexEntry => {
      if ('skipped' in outcome)
        return { name: outcome.scenario, verdict: 'SKIPPED', outcome: outcome.skipped };
      if ('error' in outcome) return { name: outcome.scenario, verdict: 'ERROR', outcome: outcome.error };
      return {
        name: outcome.scenario,
        verdict: outcome.verdict ?? (outcome.passed ? 'PASS' : 'FAIL'),
        outcome: describeResult(outcome),
        href: `${encodeURIComponent(outcome.scenario)}.html`,
      };
    });
    const index = path.join(folder, 'index.html');
    await writeReport(index, renderReportIndex(entries, passed));
    if (!this.jsonEnabled()) this.log(`HTML reports: ${index}`);
  }
}
