// `all`'s path: the steps of one run (run-command.ts) for each chosen scenario in turn on one server, then the
// summary table, a page per scenario and their index (--report), JUnit (--junit), and one exit code for them all.
import path from 'node:path';
import { EXIT } from '../domain/errors';
import { EventBus } from '../events/event-bus';
import type { ReportIndexEntry } from '../narration/html-report';
import { renderHtmlReport, renderReportIndex } from '../narration/html-report';
import type { ScenarioJson, ScenarioOfAll } from '../narration/scenario-report';
import { scenarioCases, scenarioJson, scenarioPage, scenarioPresenter } from '../narration/scenario-report';
import type { ScenarioOutcome } from '../narration/summary-table';
import { countOutcomes, describeResult, renderSummary } from '../narration/summary-table';
import { defaultsOf } from '../runs/options';
import { needsOfAll, runInTurn } from '../runs/run-in-turn';
import { choiceOf } from '../runs/runnable';
import type { AnyScenario } from '../scenarios/catalog';
import { ALL_SCENARIOS } from '../scenarios/catalog';
import type { TemporalServer } from '../temporal/servers/server';
import { writeReport } from './files';
import { serverSummary } from './report-command';
import { RunsCommand } from './run-command';

/** `all`'s own flags besides those of every run; --report names a folder. */
interface AllFlagValues {
  only?: readonly AnyScenario[];
  'save-histories'?: string;
  report?: string;
}

/** A scenario that ran to its end, for its page. */
interface Ran {
  scenario: AnyScenario;
  json: ScenarioJson;
}

export abstract class RunAllCommand extends RunsCommand {
  async run(): Promise<object | undefined> {
    const flags = this.flags as typeof this.runFlags & AllFlagValues;
    const scenarios = flags.only ?? ALL_SCENARIOS;
    const settings = this.checkRunFlags();
    const serverEvents = new EventBus();
    const story = this.storyFor(serverEvents);
    let server: TemporalServer;
    try {
      server = await this.openRunServer(settings, serverEvents, needsOfAll(scenarios));
    } finally {
      story?.stop();
    }
    const ran: Ran[] = [];
    const outcomes = await runInTurn<AnyScenario, ScenarioOfAll>(
      scenarios,
      choiceOf(server, settings.address),
      this.interruption.signal,
      {
        ran: async (scenario) => {
          if (!this.jsonEnabled()) this.log(`\n${'─'.repeat(100)}`);
          const json = await this.runScenarioOn(server, scenario);
          if (flags['save-histories']) {
            await this.saveHistory(server, json, path.join(flags['save-histories'], `${json.scenario}.json`));
          }
          ran.push({ scenario, json });
          return json;
        },
        skipped: (scenario, reason) => ({ scenario: scenario.name, skipped: reason }),
        stopped: (scenario, error, durationMs) => {
          const message = error instanceof Error ? error.message : String(error);
          if (!this.jsonEnabled()) this.logToStderr(`${scenario.name} could not finish: ${message}`);
          return { scenario: scenario.name, passed: false, error: message, durationMs };
        },
      },
    );
    const counts = countOutcomes(outcomes);
    const passed = counts.failed === 0;
    const durationMs = Date.now() - serverEvents.startedAt;
    if (!this.jsonEnabled()) this.log(renderSummary(outcomes, server.label, durationMs, this.useColor));
    if (flags.report) await this.writePages(flags.report, ran, outcomes, passed);
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
    return this.endRun(server, passed ? EXIT.ok : EXIT.failed, json);
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
  private async writePages(
    folder: string,
    ran: readonly Ran[],
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
