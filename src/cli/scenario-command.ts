// The shape every scenario command shares: open the server, narrate, run the scenario, show the checks, and return
// one JSON object (for --json) with the exit code the outcome calls for.
import { EventBus } from '../narration/event-bus';
import type { TimedEvent } from '../narration/events';
import { StoryRenderer } from '../narration/story-renderer';
import type { Scenario, ScenarioReport } from '../scenarios/scenario';
import type { TemporalServer } from '../temporal/temporal-server';
import { BaseCommand } from './base-command';
import { EXIT } from './exit-codes';
import type { ParsedConnectionFlags } from './flags';
import { scenarioFlags } from './flags';
import { openServer, settingsFromFlags } from './server-connection';

export interface ScenarioFlags extends ParsedConnectionFlags {
  speed: number;
  verbose: boolean;
  ui: boolean;
  'temporal-cli'?: string;
}

export interface ScenarioJson extends ScenarioReport {
  durationMs: number;
  speed: number;
  server: { kind: string; address: string; namespace: string; uiUrl?: string };
  steps: TimedEvent[];
}

export abstract class ScenarioCommand extends BaseCommand {
  /** A story renderer for this bus, unless --json asked for silence. */
  protected storyFor(events: EventBus): StoryRenderer | undefined {
    if (this.jsonEnabled()) return undefined;
    return new StoryRenderer(events, {
      color: this.useColor,
      interactive: this.useColor,
      out: process.stdout,
    }).start();
  }

  protected openScenarioServer(flags: ScenarioFlags, events: EventBus): Promise<TemporalServer> {
    return openServer(
      settingsFromFlags(flags),
      { kind: 'dev-server', temporalCliPath: flags['temporal-cli'], ui: flags.ui },
      { events, teardown: this.teardown, verbose: flags.verbose },
    );
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
  ): Promise<ScenarioJson> {
    const events = new EventBus();
    const story = this.storyFor(events);
    try {
      story?.intro(scenario.title, scenario.lesson);
      const server = await this.openScenarioServer(flags, events);
      const json = await this.execute(server, scenario, options, flags, events, story);
      process.exitCode = exitCode(json);
      return json;
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
      server: {
        kind: server.kind,
        address: server.address,
        namespace: server.namespace,
        uiUrl: server.uiUrl,
      },
      steps: [...events.events],
    };
  }
}

/** A scenario command with nothing to choose but the common flags: its subclass names the scenario and the help. */
export abstract class FixedScenarioCommand extends ScenarioCommand {
  static override flags = scenarioFlags;
  protected abstract readonly scenario: Scenario<Record<string, never>>;

  async run(): Promise<ScenarioJson> {
    const { flags } = await this.parse(FixedScenarioCommand);
    return this.runScenario(this.scenario, {}, flags);
  }
}
