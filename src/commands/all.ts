import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import Table from 'cli-table3';
import { EXIT, UsageError } from '../cli/exit-codes';
import { scenarioFlags } from '../cli/flags';
import type { ScenarioJson } from '../cli/scenario-command';
import { ScenarioCommand } from '../cli/scenario-command';
import { EventBus } from '../narration/event-bus';
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

type Outcome = ScenarioJson | ScenarioError;

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
    const serverEvents = new EventBus();
    const story = this.storyFor(serverEvents);
    let server: TemporalServer;
    try {
      server = await this.openScenarioServer(flags, serverEvents);
    } finally {
      story?.stop();
    }
    const outcomes: Outcome[] = [];
    for (const scenario of scenarios) {
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
    if (!this.jsonEnabled()) this.printSummary(outcomes, Date.now() - serverEvents.startedAt);
    return {
      passed,
      durationMs: Date.now() - serverEvents.startedAt,
      speed: flags.speed,
      server: {
        kind: server.kind,
        address: server.address,
        namespace: server.namespace,
        uiUrl: server.uiUrl,
      },
      scenarios: outcomes,
    };
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

  private printSummary(outcomes: Outcome[], durationMs: number): void {
    const color = this.useColor;
    const table = new Table({
      head: ['scenario', 'outcome', 'checks', 'duration'],
      style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
    });
    for (const outcome of outcomes) {
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
    this.log('');
    this.log(table.toString());
    this.log(
      failed === 0
        ? `All ${outcomes.length} scenarios passed in ${formatDuration(durationMs)}.`
        : `${failed} of ${outcomes.length} scenarios failed (${formatDuration(durationMs)}).`,
    );
  }
}
