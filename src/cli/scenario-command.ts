// The shape every scenario command shares: open the server, narrate, run the scenario, show the checks, and return
// one JSON object (for --json) with the exit code the outcome calls for.
import { EventBus } from '../events/event-bus';
import type { TimedEvent } from '../events/events';
import type { StoryRenderer } from '../narration/story-renderer';
import type { Scenario, ScenarioReport } from '../scenarios/scenario';
import type { ConnectionSettings } from '../temporal/connection-settings';
import type { TemporalServer } from '../temporal/temporal-server';
import { BaseCommand } from './base-command';
import { EXIT } from './exit-codes';
import type { ParsedConnectionFlags } from './flags';
import { scenarioFlags } from './flags';
import type { EmbeddedServerFlags } from './server-connection';
import { checkServerFlags, openServer, serverOptionsFromFlags, settingsFromFlags } from './server-connection';
import { UsageError } from './exit-codes';

export interface ScenarioFlags extends ParsedConnectionFlags, EmbeddedServerFlags {
  speed: number;
  verbose: boolean;
}

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

export abstract class ScenarioCommand extends BaseCommand {
  /**
   * Checks everything the flags say before anything starts (bad input exits 2 with nothing running). `scenarios`
   * are the ones about to run, for the time-skipping check.
   */
  protected checkScenarioFlags(
    flags: ScenarioFlags,
    scenarios: { name: string; realTimeReason?: string }[],
  ): ConnectionSettings {
    const settings = settingsFromFlags(flags);
    checkServerFlags(flags, settings);
    if (flags.server === 'time-skipping' && !settings.address) {
      const blocked = scenarios.find((scenario) => scenario.realTimeReason);
      if (blocked) {
        throw new UsageError(
          `${blocked.name} cannot run on the time-skipping server: ${blocked.realTimeReason}. Use --server dev-server.`,
        );
      }
    }
    return settings;
  }

  protected openScenarioServer(
    flags: ScenarioFlags,
    settings: ConnectionSettings,
    events: EventBus,
  ): Promise<TemporalServer> {
    return openServer(settings, serverOptionsFromFlags(flags), {
      events,
      teardown: this.teardown,
      verbose: flags.verbose,
    });
  }

  /** After --keep-server: the embedded server stays up until Ctrl+C, which then ends the command normally. */
  protected async keepServer(server: TemporalServer, exitCode: number, story: StoryRenderer | undefined) {
    this.exitCodeOnInterrupt = exitCode;
    story?.line();
    story?.line(
      `The embedded server stays up at ${server.address} (namespace ${server.namespace}) until Ctrl+C.`,
    );
    if (server.uiUrl) story?.line(`Browse the history in the Web UI: ${server.uiUrl}`);
    await this.untilInterrupted();
  }

  /** Runs one scenario on a server that is already open (`all`), with its own event stream and story. */
  protected async runScenarioOn<Options>(
    server: TemporalServer,
    scenario: Scenario<Options>,
    options: Options,
    flags: ScenarioFlags,
  ): Promise<ScenarioJson> {
    const events = new EventBus();
    const story = this.storyFor(events);
    try {
      story?.intro(scenario.title, scenario.lesson);
      return await this.execute(server, scenario, options, flags, events, story);
    } finally {
      story?.stop();
    }
  }

  /** Opens the server, runs the scenario, sets the exit code from the report. */
  protected async runScenario<Options>(
    scenario: Scenario<Options>,
    options: Options,
    flags: ScenarioFlags,
    exitCode: (report: ScenarioReport) => number = (report) => (report.passed ? EXIT.ok : EXIT.failed),
  ): Promise<ScenarioJson | undefined> {
    const events = new EventBus();
    const story = this.storyFor(events);
    try {
      const settings = this.checkScenarioFlags(flags, [
        { name: scenario.name, realTimeReason: scenario.needsRealTime?.(options) },
      ]);
      story?.intro(scenario.title, scenario.lesson);
      const server = await this.openScenarioServer(flags, settings, events);
      const json = await this.execute(server, scenario, options, flags, events, story);
      process.exitCode = exitCode(json);
      if (!flags['keep-server']) return json;
      if (this.jsonEnabled()) this.logJson(json);
      await this.keepServer(server, exitCode(json), story);
      return undefined;
    } finally {
      story?.stop();
    }
  }

  private async execute<Options>(
    server: TemporalServer,
    scenario: Scenario<Options>,
    options: Options,
    flags: ScenarioFlags,
    events: EventBus,
    story: StoryRenderer | undefined,
  ): Promise<ScenarioJson> {
    const report = await scenario.run(
      { server, events, teardown: this.teardown, signal: this.interruption.signal, speed: flags.speed },
      options,
    );
    const durationMs = Date.now() - events.startedAt;
    story?.verdict({ ...report, durationMs });
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
export abstract class FixedScenarioCommand extends ScenarioCommand {
  static override flags = scenarioFlags;
  protected abstract readonly scenario: Scenario<Record<string, never>>;

  async run(): Promise<ScenarioJson | undefined> {
    const { flags } = await this.parse(FixedScenarioCommand);
    return this.runScenario(this.scenario, {}, flags);
  }
}
