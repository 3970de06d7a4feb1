// What every `worker …` command shares: one worker on the running server the flags name, until Ctrl+C or until it
// stops; the line that says where it polls (and with which key); word to a parent process (--report-to-parent, when
// a scenario runs it as a child) once it polls and of what its activities report; an activity worker's story and its
// ledger.
import path from 'node:path';
import type { Command } from '@oclif/core';
import { Flags } from '@oclif/core';
import { TASK_QUEUE } from '../domain/contract';
import { EventBus } from '../events/event-bus';
import type { WorkerEvent } from '../events/events';
import type { ChildWorkerMessage } from '../processes/child-worker';
import { parentChannel } from '../processes/child-worker';
import { openLedgerIn } from '../runs/run-ledger';
import type { Ledger } from '../services/ledger';
import type { WorkerSettings } from '../temporal/workers';
import { createWorker, InProcessWorker, workerTargetOn } from '../temporal/workers';
import { BaseCommand } from './base-command';
import type { ConnectionFlagValues, EncryptionFlagValues } from './flags';
import { joinRunningServer, logEncryption } from './server-connection';

/** How a worker command describes its worker in the line that says where it polls. */
export interface WorkerLog {
  /** What polls, e.g. "Activity worker". */
  what: string;
  /** Settings worth naming after the namespace, e.g. ", speed 10". */
  details?: string;
  /** A line after the encryption's (where effects are recorded). */
  after?: string;
}

/** Every worker command's: how a scenario that runs it as a child process hears from it. */
export const reportToParentFlag = {
  'report-to-parent': Flags.boolean({
    hidden: true,
    description:
      'Tell the parent process over IPC when the worker polls, and what its activities report (the scenarios that kill it).',
  }),
};

export abstract class WorkerCommand<T extends typeof Command> extends BaseCommand<T> {
  static override enableJsonFlag = false;

  private channel: ((message: ChildWorkerMessage) => void) | undefined;

  /** Tells the parent process that runs this worker (--report-to-parent); nobody, for a person's worker. */
  private toParent(message: ChildWorkerMessage): void {
    if (!(this.flags as { 'report-to-parent'?: boolean })['report-to-parent']) return;
    this.channel ??= parentChannel();
    this.channel?.(message);
  }

  protected async runWorker(settings: WorkerSettings, log: WorkerLog): Promise<void> {
    const flags = this.flags as ConnectionFlagValues & EncryptionFlagValues & { verbose: boolean };
    const server = await joinRunningServer(flags, this.teardown);
    const target = await workerTargetOn(server);
    const worker = new InProcessWorker(settings.role, [await createWorker(target, settings)], this.teardown);
    this.log(
      `${log.what} polling ${TASK_QUEUE} on ${server.address} (namespace ${server.namespace}${log.details ?? ''}). Stop with Ctrl+C.`,
    );
    logEncryption(server, (line) => this.log(line));
    if (log.after) this.log(log.after);
    this.toParent({ kind: 'ready', identity: worker.identity });
    await Promise.race([worker.done, this.untilInterrupted()]);
  }

  /**
   * Where an activity worker's reports go: its story on stdout, told as they come (it runs for hours: none is
   * kept), and the parent process.
   */
  protected activityReports(): (event: WorkerEvent) => void {
    const events = new EventBus({ keep: false });
    const story = this.storyFor(events, false);
    this.teardown.add('narration', async () => story?.stop());
    return (event) => {
      events.emit(event);
      this.toParent({ kind: 'event', event });
    };
  }

  /** The ledger in `folder` (closed when the worker has stopped), and the line that says how to read it. */
  protected ledgerIn(folder: string | undefined): { ledger?: Ledger; after: string } {
    if (folder === undefined) {
      return { after: 'Effects are not recorded: start with --ledger DIR to keep a ledger of them.' };
    }
    const ledger = openLedgerIn(folder);
    this.teardown.add('ledger', async () => ledger.close());
    return {
      ledger,
      after: `Effects are recorded in ${ledger.file}; read them with: ${this.invocation} ledger ${path.dirname(ledger.file)}`,
    };
  }
}
