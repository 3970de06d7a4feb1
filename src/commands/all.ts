import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import Table from 'cli-table3';
import { EXIT, UsageError } from '../cli/exit-codes';
import { scenarioFlags } from '../cli/flags';
import type { ScenarioJson } from '../cli/scenario-command';
import { ScenarioCommand, serverSummary } from '../cli/scenario-command';
import { EventBus } from '../events/event-bus';
import { formatDuration } from '../narration/format';
import { ALL_SCENARIOS } from '../scenarios/catalog';
import { packageRoot } from '../temporal/server-executables';
import type { TemporalServer } from '../temporal/temporal-server';

/** A scenario that could not run to its end: reported, and the next one runs. */
interface ScenarioError {
  scenario: string;
  passed: false;
  error: string;
  durationMs: number;
}

/** A scenario this server cannot show (the time-skipping server and real waits). */
interface ScenarioSkipped {
  scenario: string;
  passed: true;
  skipped: string;
}

type Outcome = ScenarioJson | ScenarioError | ScenarioSkipped;

export default class All extends ScenarioCommand {
  static override summary =
    'Every scenario in turn on one server, a summary table, exit 1 if any check fails.';
  static override description =
    'The smoke test: happy-path, human-in-the-loop, inventory-down, invalid-card, expire, checkpoint and ' +
    'workflow-bug, each verified against the server, on one embedded server (or the one --address names).';
  static override examples = [
    {
      description: 'Everything, ten times faster (about a minute)',
      command: '<%= config.bin %> <%= command.id %> --speed 10',
    },
    { description: 'For CI', command: '<%= config.bin %> <%= command.id %> --speed 10 --json > report.json' },
    {
      description: 'Two of them',
      command: '<%= config.bin %> <%= command.id %> --only happy-path,checkpoint',
    },
  ];
  static override flags = {
    only: Flags.string({
      description: `Comma-separated scenarios to run: ${ALL_SCENARIOS.map((s) => s.name).join(', ')}.`,
    }),
    'save-histories': Flags.directory({
      description:
        "Write each scenario's event history as JSON into this folder (e.g. replay-test fixtures).",
    }),
    ...scenarioFlags,
  };

  async run() {
    const { flags } = await this.parse(All);
    const scenarios = this.selected(flags.only);
    const settings = this.checkScenarioFlags(flags, []);
    const serverEvents = new EventBus();
    const story = this.storyFor(serverEvents);
    let server: TemporalServer;
    try {
      server = await this.openScenarioServer(flags, settings, serverEvents);
    } finally {
      story?.stop();
    }
    const outcomes: Outcome[] = [];
    for (const scenario of scenarios) {
      const realTimeReason = server.kind === 'time-skipping' ? scenario.needsRealTime?.() : undefined;
      if (realTimeReason) {
        outcomes.push({ scenario: scenario.name, passed: true, skipped: realTimeReason });
        continue;
      }
      if (!this.jsonEnabled()) this.log(`\n${'─'.repeat(100)}`);
      const startedAt = Date.now();
      try {
        const json = await this.runScenarioOn(server, scenario, undefined, flags);
        if (flags['save-histories']) await this.saveHistory(server, json, flags['save-histories']);
        outcomes.push(json);
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
    const passed = outcomes.every((outcome) => outcome.passed);
    process.exitCode = passed ? EXIT.ok : EXIT.failed;
    if (!this.jsonEnabled()) this.printSummary(outcomes, server, Date.now() - serverEvents.startedAt);
    const json = {
      passed,
      durationMs: Date.now() - serverEvents.startedAt,
      speed: flags.speed,
      server: serverSummary(server),
      scenarios: outcomes,
    };
    if (!flags['keep-server']) return json;
    if (this.jsonEnabled()) this.logJson(json);
    await this.keepServer(server, passed ? EXIT.ok : EXIT.failed, this.storyFor(new EventBus()));
    return undefined;
  }

  private selected(only: string | undefined) {
    if (!only) return ALL_SCENARIOS;
    const names = only
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => !ALL_SCENARIOS.some((scenario) => scenario.name === name));
    if (unknown.length > 0 || names.length === 0) {
      throw new UsageError(
        `--only: unknown scenario ${unknown.join(', ') || '(none given)'}; expected some of ${ALL_SCENARIOS.map((s) => s.name).join(', ')}`,
      );
    }
    return ALL_SCENARIOS.filter((scenario) => names.includes(scenario.name));
  }

  private async saveHistory(server: TemporalServer, json: ScenarioJson, folder: string): Promise<void> {
    const history = await server.client.workflow.getHandle(json.workflowId, json.runId).fetchHistory();
    mkdirSync(folder, { recursive: true });
    // Stack traces in failures name this machine's folders; the history means the same without them.
    const text = historyToJSON(history).split(packageRoot()).join('.');
    writeFileSync(path.join(folder, `${json.scenario}.json`), `${text}\n`);
  }

  private printSummary(outcomes: Outcome[], server: TemporalServer, durationMs: number): void {
    const color = this.useColor;
    const table = new Table({
      head: ['scenario', 'outcome', 'checks', 'duration'],
      colWidths: [19, 64, 8, 10],
      wordWrap: true,
      style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
    });
    for (const outcome of outcomes) {
      if ('skipped' in outcome) {
        table.push([outcome.scenario, `SKIPPED — ${outcome.skipped}`, '—', '—']);
        continue;
      }
      if ('error' in outcome) {
        table.push([outcome.scenario, `ERROR: ${outcome.error}`, '—', formatDuration(outcome.durationMs)]);
        continue;
      }
      const passedChecks = outcome.checks.filter((check) => check.passed).length;
      const result =
        outcome.status === 'completed'
          ? String(outcome.result)
          : `workflow ${outcome.status}${outcome.failure ? `: ${outcome.failure.cause?.message ?? outcome.failure.message}` : ''}`;
      table.push([
        outcome.scenario,
        `${outcome.passed ? 'PASS' : 'FAIL'} — ${result}`,
        `${passedChecks}/${outcome.checks.length}`,
        formatDuration(outcome.durationMs),
      ]);
    }
    const failed = outcomes.filter((outcome) => !outcome.passed).length;
    const skipped = outcomes.filter((outcome) => 'skipped' in outcome).length;
    const ran = outcomes.length - skipped;
    const skippedNote = skipped > 0 ? ` (${skipped} skipped: not possible on the ${server.kind} server)` : '';
    this.log('');
    this.log(table.toString());
    this.log(
      failed === 0
        ? `${ran === 1 ? 'The scenario' : `All ${ran} scenarios`} passed in ${formatDuration(durationMs)}${skippedNote}.`
        : `${failed} of ${ran} scenarios failed (${formatDuration(durationMs)})${skippedNote}.`,
    );
  }
}
