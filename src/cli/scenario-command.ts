// The shape every scenario command shares: open the server, narrate, run the scenario, show the checks, and return
// one JSON object (for --json) with the exit code the outcome calls for.
import { EventBus } from '../narration/event-bus';
import type { TimedEvent } from '../narration/events';
import { StoryRenderer } from '../narration/story-renderer';
import type { Scenario, ScenarioReport } from '../scenarios/scenario';
import { BaseCommand } from './base-command';
import { EXIT } from './exit-codes';
import type { ParsedConnectionFlags } from './flags';
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
  protected async runScenario<Options>(
    scenario: Scenario<Options>,
    options: Options,
    flags: ScenarioFlags,
    exitCode: (report: ScenarioReport) => number = (report) => (report.passed ? EXIT.ok : EXIT.failed),
  ): Promise<ScenarioJson> {
    const settings = settingsFromFlags(flags);
    const events = new EventBus();
    const story = this.jsonEnabled()
      ? undefined
      : new StoryRenderer(events, {
          color: this.useColor,
          interactive: this.useColor,
          out: process.stdout,
        }).start();
    try {
      story?.intro(scenario.title, scenario.lesson);
      const server = await openServer(
        settings,
        { kind: 'dev-server', temporalCliPath: flags['temporal-cli'], ui: flags.ui },
        { events, teardown: this.teardown, verbose: flags.verbose },
      );
      const report = await scenario.run(
        { server, events, teardown: this.teardown, signal: this.interruption.signal, speed: flags.speed },
        options,
      );
      const durationMs = Date.now() - events.startedAt;
      story?.verdict({ ...report, durationMs });
      process.exitCode = exitCode(report);
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
    } finally {
      story?.stop();
    }
  }
}
