// The shape every scenario command shares: check the options and flags, open the server, narrate, run the scenario,
// show the checks, and return one JSON object (for --json) with the exit code the outcome calls for.
import type { Command, Interfaces } from '@oclif/core';
import { EXIT, InvalidInputError } from '../domain/errors';
import { EventBus } from '../events/event-bus';
import type { TimedEvent } from '../events/events';
import type { HtmlReportInput } from '../narration/html-report';
import { renderHtmlReport } from '../narration/html-report';
import type { StoryRenderer } from '../narration/story-renderer';
import { tellTimeline } from '../narration/timeline';
import { describeResult } from '../narration/summary-table';
import type { ReadyScenario, Scenario, ScenarioReport } from '../scenarios/scenario';
import { RESTART_NEEDS_EMBEDDED_SERVER, withOptions } from '../scenarios/scenario';
import type { RunLedger } from '../services/run-ledger';
import { openRunLedger } from '../services/run-ledger';
import type { ConnectionSettings } from '../temporal/connection-settings';
import type { KeyRing } from '../temporal/encryption-keys';
import type { TemporalServer } from '../temporal/servers/server';
import { BaseCommand } from './base-command';
import { keyRingFromFlags, scenarioFlags, writeReport } from './flags';
import { checkServerFlags, openServer, serverOptionsFromFlags, settingsFromFlags } from './server-connection';

/** The flags every scenario command takes, parsed. */
export type ScenarioCommandFlags = Interfaces.InferredFlags<(typeof ScenarioCommand)['baseFlags']>;

export interface ScenarioJson extends ScenarioReport {
  durationMs: number;
  speed: number;
  server: { kind: string; address: string; namespace: string; uiUrl?: string };
  steps: TimedEvent[];
}

/** The server a run used, as the JSON output names it. */
export function serverSummary(server: TemporalServer): ScenarioJson['server'] {
  return { kind: server.kind, address: server.address, namespace: server.namespace, uiUrl: server.uiUrl };
}

/** What the HTML report of a scenario's run shows. */
export function htmlReportOf(scenario: { title: string }, json: ScenarioJson): HtmlReportInput {
  return {
    name: json.scenario,
    title: scenario.title,
    workflowId: json.workflowId,
    runId: json.runId,
    passed: json.passed,
    outcome: describeResult(json),
    timeline: json.timeline,
    checks: json.checks,
    uiUrl: json.uiUrl,
  };
}

export abstract class ScenarioCommand<T extends typeof Command> extends BaseCommand<T> {
  static override baseFlags = { ...BaseCommand.baseFlags, ...scenarioFlags };

  /** The keys of --encrypt, resolved once with the other flags: a generated demo key is the same all run long. */
  private encryption: KeyRing | undefined;
  /** See runLedger. */
  private openedLedger: RunLedger | undefined;

  /**
   * Checks everything the flags say before anything starts (bad input exits 2 with nothing running). `scenarios`
   * are the ones about to run, for the time-skipping check.
   */
  protected checkScenarioFlags(
    flags: ScenarioCommandFlags,
    scenarios: readonly ReadyScenario[],
  ): ConnectionSettings {
    const settings = settingsFromFlags(flags);
    checkServerFlags(flags, settings);
    this.encryption = keyRingFromFlags(flags);
    for (const scenario of scenarios) {
      if (scenario.restartsServer && (settings.address || flags.server !== 'dev-server')) {
        throw new InvalidInputError(
          `${scenario.name} cannot run ${settings.address ? `on ${settings.address.value}` : 'on the time-skipping server'}: ` +
            `${RESTART_NEEDS_EMBEDDED_SERVER}. Leave out --address and --server.`,
        );
      }
    }
    if (flags.server === 'time-skipping' && !settings.address) {
      for (const scenario of scenarios) {
        const realTimeReason = scenario.needsRealTime();
        if (realTimeReason) {
          throw new InvalidInputError(
            `${scenario.name} cannot run on the time-skipping server: ${realTimeReason}. Use --server dev-server.`,
          );
        }
      }
    }
    return settings;
  }

  /** `restartable`: a scenario about to run kills and restarts the embedded dev server. */
  protected openScenarioServer(
    flags: ScenarioCommandFlags,
    settings: ConnectionSettings,
    events: EventBus,
    restartable = false,
  ): Promise<TemporalServer> {
    return openServer(
      settings,
      { ...serverOptionsFromFlags(flags, this.encryption), restartable },
      {
        events,
        teardown: this.teardown,
        verbose: flags.verbose,
      },
    );
  }

  /** After --keep-server: the embedded server stays up until Ctrl+C, which then ends the command normally. */
  protected async keepServer(server: TemporalServer, exitCode: number): Promise<void> {
    this.exitCodeOnInterrupt = exitCode;
    this.log('');
    this.log(
      `The embedded server stays up at ${server.address} (namespace ${server.namespace}) until Ctrl+C.`,
    );
    if (server.uiUrl) this.log(`Browse the history in the Web UI: ${server.uiUrl}`);
    await this.untilInterrupted();
  }

  /** Runs one scenario on a server that is already open (`all`), with its own event stream and story. */
  protected async runScenarioOn(
    server: TemporalServer,
    scenario: ReadyScenario,
    flags: ScenarioCommandFlags,
  ): Promise<ScenarioJson> {
    const events = new EventBus();
    const story = this.storyFor(events);
    try {
      story?.intro(scenario.title, scenario.lesson);
      return await this.execute(server, scenario, flags, events, story);
    } finally {
      story?.stop();
    }
  }

  /** Checks the options and flags, opens the server, runs the scenario, sets the exit code from the report. */
  protected async runScenario<Options>(
    scenario: Scenario<Options>,
    options: Options,
    flags: ScenarioCommandFlags,
    exitCode: (report: ScenarioReport) => number = (report) => (report.passed ? EXIT.ok : EXIT.failed),
  ): Promise<ScenarioJson | undefined> {
    const ready = withOptions(scenario, options);
    const settings = this.checkScenarioFlags(flags, [ready]);
    const events = new EventBus();
    const story = this.storyFor(events);
    try {
      story?.intro(ready.title, ready.lesson);
      const server = await this.openScenarioServer(flags, settings, events, ready.restartsServer);
      const json = await this.execute(server, ready, flags, events, story);
      process.exitCode = exitCode(json);
      if (flags.report) {
        await writeReport(flags.report, renderHtmlReport(htmlReportOf(ready, json)));
        story?.line(`HTML report: ${flags.report}`);
      }
      if (!flags['keep-server']) return json;
      if (this.jsonEnabled()) this.logJson(json);
      await this.keepServer(server, exitCode(json));
      return undefined;
    } finally {
      story?.stop();
    }
  }

  /** The ledger every scenario of this command run records into, opened on first use. */
  private async runLedger(flags: ScenarioCommandFlags): Promise<RunLedger> {
    this.openedLedger ??= await openRunLedger(flags['keep-ledger'], this.teardown);
    return this.openedLedger;
  }

  private async execute(
    server: TemporalServer,
    scenario: ReadyScenario,
    flags: ScenarioCommandFlags,
    events: EventBus,
    story: StoryRenderer | undefined,
  ): Promise<ScenarioJson> {
    const { ledger, folder: ledgerFolder } = await this.runLedger(flags);
    const report = await scenario.run({
      server,
      events,
      teardown: this.teardown,
      signal: this.interruption.signal,
      speed: flags.speed,
      ledger,
      ledgerFolder,
    });
    const durationMs = Date.now() - events.startedAt;
    story?.verdict({ ...report, durationMs });
    if (story && flags.timeline) tellTimeline(story, report.timeline, this.useColor);
    if (flags['keep-ledger']) {
      story?.line(
        `Ledger of external effects kept in ${ledgerFolder}: ${this.config.bin} ledger ${ledgerFolder}`,
      );
    }
    return {
      ...report,
      durationMs,
      speed: flags.speed,
      server: serverSummary(server),
      steps: [...events.events],
    };
  }
}

/** A scenario command with nothing to choose but the common flags: its subclass names the scenario and the help. */
export abstract class FixedScenarioCommand extends ScenarioCommand<typeof FixedScenarioCommand> {
  static override flags = {};
  protected abstract readonly scenario: Scenario<Record<string, never>>;

  async run(): Promise<ScenarioJson | undefined> {
    return this.runScenario(this.scenario, this.scenario.defaults, this.flags);
  }
}
