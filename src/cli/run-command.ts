// The one command path of every run (a scenario, chaos, bench): its flags built from the run's options beside the
// flags every run shares; then check → ledger → server → progress → run → render → exit code. A command file only
// declares the run, its presenter and its help (commandFor); `all` takes the same steps for several scenarios on one
// server (run-all.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command, Interfaces } from '@oclif/core';
import { EXIT, InvalidInputError } from '../domain/errors';
import { EventBus } from '../events/event-bus';
import { commandLine } from '../narration/format';
import type { Presenter, RunMeta } from '../narration/presenter';
import type { StoryRenderer } from '../narration/story-renderer';
import type { OptionSpecs } from '../runs/options';
import type { AnyRunnable, RunReport, Runnable, ServerChoice, ServerNeeds } from '../runs/runnable';
import type { RunLedger } from '../runs/run-ledger';
import { openRunLedger } from '../runs/run-ledger';
import { LEDGER_FILE } from '../services/ledger';
import type { ConnectionSettings } from '../temporal/connection-settings';
import { exportHistory, historyFileName } from '../temporal/history-export';
import type { KeyRing } from '../temporal/encryption-keys';
import { RunWorkflowIds } from '../temporal/order-client/workflow-ids';
import type { TemporalServer } from '../temporal/servers/server';
import { SERVER_CAPABILITIES } from '../temporal/servers/server';
import {
  connectionFlags,
  embeddedServerFlags,
  encryptionFlags,
  junitFileFlag,
  keepHistoriesFlag,
  keepLedgerFlag,
  keyRingFromFlags,
  reportFileFlag,
  speedFlag,
  timelineFlag,
} from './flags';
import { ReportCommand, runMeta } from './report-command';
import { flagsFor, optionsFromFlags } from './run-flags';
import { checkServerFlags, openServer, serverOptionsFromFlags, settingsFromFlags } from './server-connection';

/**
 * The flags every run takes; a run that keeps no ledger has no --keep-ledger, one of many orders no --report, one
 * without test cases (bench) no --junit.
 */
export const sharedRunFlags = {
  ...speedFlag(),
  ...connectionFlags,
  ...embeddedServerFlags,
  ...encryptionFlags,
};

/** The values of the flags every run shares; the others are the run's own options. */
export type RunFlagValues = Interfaces.InferredFlags<typeof sharedRunFlags> &
  Partial<
    Interfaces.InferredFlags<
      typeof keepLedgerFlag &
        typeof keepHistoriesFlag &
        typeof reportFileFlag &
        typeof junitFileFlag &
        typeof timelineFlag
    >
  > & {
    verbose: boolean;
  };

/**
 * The flags of a run's command: its options, then what every run shares at its own speed; --keep-histories where
 * the report names its workflow runs.
 */
function runFlagsOf(runnable: AnyRunnable, presenter: Presenter<unknown>) {
  return {
    ...flagsFor(runnable.options as OptionSpecs),
    ...sharedRunFlags,
    ...speedFlag(runnable.speed),
    ...(runnable.ledger === 'none' ? {} : keepLedgerFlag),
    ...(presenter.workflows ? keepHistoriesFlag : {}),
    ...(presenter.page ? reportFileFlag : {}),
    ...(presenter.junit ? junitFileFlag : {}),
    ...(presenter.timeline ? timelineFlag : {}),
  };
}

/** The server's state file beside a run's ledger (chaos keeps both with --keep-ledger). */
const SERVER_FILE = 'temporal.sqlite';

/** What every command that runs runs has: the steps of the command path. */
export abstract class RunsCommand extends ReportCommand<typeof Command> {
  /** The keys of --encrypt, resolved once with the other flags: a generated demo key is the same all run long. */
  private encryption: KeyRing | undefined;
  /** See runLedger. */
  private openedLedger: RunLedger | undefined;
  /** The workflow IDs of every run of this command (`all` runs several), as its ledger is shared by them all. */
  private readonly workflowIds = new RunWorkflowIds();

  protected get runFlags(): RunFlagValues {
    return this.flags as unknown as RunFlagValues;
  }

  /** Checks the flags every run shares before anything starts (bad input exits 2 with nothing running). */
  protected checkRunFlags(): ConnectionSettings {
    const flags = this.runFlags;
    const settings = settingsFromFlags(flags);
    checkServerFlags(flags, settings);
    this.encryption = keyRingFromFlags(flags);
    return settings;
  }

  /** The server these flags lead to, as a run's validation sees it before it starts. */
  protected serverChoice(settings: ConnectionSettings): ServerChoice {
    const label = settings.address ? 'external' : this.runFlags.server;
    return { label, address: settings.address, ...SERVER_CAPABILITIES[label] };
  }

  /** Refuses a kept ledger that is not empty, for a run that counts every effect of its ledger as its own. */
  protected checkKeptLedger(runnable: AnyRunnable): void {
    const folder = this.runFlags['keep-ledger'];
    if (runnable.ledger === 'fresh' && folder && existsSync(path.join(folder, LEDGER_FILE))) {
      throw new InvalidInputError(`${folder} already holds a ledger: choose an empty folder`);
    }
  }

  /** The ledger every run of this command records into, opened on first use. */
  protected async runLedger(): Promise<RunLedger> {
    this.openedLedger ??= await openRunLedger(this.runFlags['keep-ledger'], this.teardown);
    return this.openedLedger;
  }

  protected async openRunServer(
    settings: ConnectionSettings,
    events: EventBus,
    needs: ServerNeeds,
  ): Promise<TemporalServer> {
    const flags = this.runFlags;
    const stateFolder = needs.stateWithLedger ? (await this.runLedger()).folder : undefined;
    return openServer(
      settings,
      {
        ...serverOptionsFromFlags(flags, this.encryption),
        restartable: needs.restartable,
        ownProcess: needs.ownProcess,
        untuned: needs.untuned,
        dbFilename: stateFolder && path.join(stateFolder, SERVER_FILE),
      },
      { events, teardown: this.teardown, verbose: flags.verbose },
    );
  }

  /** Shows a report: its JSON with --json, else its conclusion for a person. */
  private present<Report>(
    presenter: Presenter<Report>,
    report: Report,
    meta: RunMeta,
    story?: StoryRenderer,
  ) {
    if (this.jsonEnabled()) this.logJson(presenter.json(report, meta));
    else presenter.conclude(report, this.display(story), meta);
  }

  /**
   * Runs a run on an open server, narrated by `story`, and shows its conclusion (and timeline, and where its ledger
   * stays); the report and what the path knows of the run are returned for the JSON and the exit code.
   */
  protected async execute<Specs extends OptionSpecs, Report extends RunReport>(
    runnable: Runnable<Specs, Report>,
    presenter: Presenter<Report>,
    options: Parameters<Runnable<Specs, Report>['run']>[1],
    server: TemporalServer,
    events: EventBus,
    story: StoryRenderer | undefined,
  ): Promise<{ report: Report; meta: RunMeta }> {
    const flags = this.runFlags;
    const { ledger, folder } = await this.runLedger();
    // With --json nothing is told until the end; a person asked to approve still needs the command, on stderr.
    const forgetApprover = story
      ? undefined
      : events.subscribe((event) => {
          if (event.type === 'approval.manual') {
            this.logToStderr(`Approve the order: ${commandLine(this.invocation, event.approveArguments)}`);
          }
        });
    const metaNow = () => runMeta(server, events, flags.speed);
    const report = await runnable.run(
      {
        server,
        events,
        teardown: this.teardown,
        signal: this.interruption.signal,
        speed: flags.speed,
        ledger,
        ledgerFolder: folder,
        ledgerKept: flags['keep-ledger'] !== undefined,
        workflowIds: this.workflowIds,
        whenInterrupted: (reportSoFar) =>
          this.teardown.add('report so far', async () => {
            if (this.interruption.signal.aborted) this.present(presenter, reportSoFar(), metaNow(), story);
          }),
      },
      options,
    );
    forgetApprover?.();
    const meta = metaNow();
    story?.settle();
    this.tell(presenter, report, meta, story);
    if (story && flags['keep-ledger']) {
      story.line(`Ledger of external effects kept in ${folder}: ${this.invocation} ledger ${folder}`);
    }
    return { report, meta };
  }

  /** Writes the history of a run as JSON, as `temporal workflow show --output json` does (see history-export.ts). */
  protected saveHistory(
    server: TemporalServer,
    execution: { workflowId: string; runId: string },
    file: string,
  ): Promise<void> {
    return exportHistory(server.client, execution, file, this.config.root);
  }

  /** --keep-histories: the history of every workflow run the report covers, one file each, named after its ID. */
  protected async keepHistories<Report>(
    presenter: Presenter<Report>,
    report: Report,
    server: TemporalServer,
    folder: string,
    story: StoryRenderer | undefined,
  ): Promise<void> {
    const executions = presenter.workflows?.(report) ?? [];
    for (const execution of executions) {
      await this.saveHistory(server, execution, path.join(folder, historyFileName(execution.workflowId)));
    }
    story?.line(
      `Histories of ${executions.length} workflow run${executions.length === 1 ? '' : 's'} kept in ${folder}: ` +
        `${this.invocation} replay-check ${folder}`,
    );
  }

  /**
   * The end of a run's path: its exit code, and its JSON returned — or, after --keep-server, printed, and the
   * embedded server kept up until Ctrl+C, which then ends the command normally.
   */
  protected async endRun(
    server: TemporalServer,
    exitCode: number,
    json: object,
  ): Promise<object | undefined> {
    this.exitCode = exitCode;
    if (!this.runFlags['keep-server']) return json;
    if (this.jsonEnabled()) this.logJson(json);
    this.exitCodeOnInterrupt = exitCode;
    this.log('');
    this.log(
      `The embedded server stays up at ${server.address} (namespace ${server.namespace}) until Ctrl+C.`,
    );
    if (server.uiUrl) this.log(`Browse the history in the Web UI: ${server.uiUrl}`);
    await this.untilInterrupted();
    return undefined;
  }
}

/** A command that runs one run: check → ledger → server → progress → run → render → exit code. */
abstract class RunCommand extends RunsCommand {
  protected abstract readonly runnable: AnyRunnable;
  // Any run's presenter: its report's type is the run's, which the command declaration pairs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected abstract readonly presenter: Presenter<any>;

  async run(): Promise<object | undefined> {
    const { runnable, presenter } = this;
    const flags = this.runFlags;
    const options = optionsFromFlags(runnable.options as OptionSpecs, this.flags);
    const settings = this.checkRunFlags();
    runnable.validate?.(options, this.serverChoice(settings));
    this.checkKeptLedger(runnable);
    await this.runLedger();
    const events = new EventBus({ keep: presenter.page !== undefined });
    const story = this.storyFor(events);
    try {
      story?.intro(runnable.title, runnable.lesson);
      const server = await this.openRunServer(settings, events, runnable.needs?.(options) ?? {});
      const { report, meta } = await this.execute(runnable, presenter, options, server, events, story);
      if (flags['keep-histories'])
        await this.keepHistories(presenter, report, server, flags['keep-histories'], story);
      const exitCode = runnable.exitCode?.(report) ?? (report.passed ? EXIT.ok : EXIT.failed);
      const command = `${this.config.bin} ${runnable.name}`;
      const run = { title: runnable.title, command, startedAt: events.startedAt };
      await this.writeReportFiles(presenter, report, meta, run, story);
      return await this.endRun(server, exitCode, presenter.json(report, meta));
    } finally {
      story?.stop();
    }
  }
}

export interface RunHelp {
  description: string;
  examples: Command.Example[];
}

/** The command of a run, declared by the run, the presenter of its reports, and its help. */
export function commandFor<Specs extends OptionSpecs, Report extends RunReport>(
  runnable: Runnable<Specs, Report>,
  presenter: Presenter<Report>,
  help: RunHelp,
) {
  return class extends RunCommand {
    static override summary = runnable.summary;
    static override description = help.description;
    static override examples = help.examples;
    static override flags = runFlagsOf(runnable, presenter as Presenter<unknown>);
    protected readonly runnable = runnable;
    protected readonly presenter = presenter;
  };
}
