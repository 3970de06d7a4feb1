// What every `worker …` command shares: one worker on the running server the flags name, until Ctrl+C or until it
// stops; the line that says where it polls (and with which key), and word to a parent process once it polls.
import type { Command } from '@oclif/core';
import { TASK_QUEUE } from '../domain/contract';
import type { ChildWorkerMessage } from '../processes/child-worker';
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

export abstract class WorkerCommand<T extends typeof Command> extends BaseCommand<T> {
  static override enableJsonFlag = false;

  /** `toParent`: the parent process (--report-to-parent), told once the worker polls. */
  protected async runWorker(
    settings: WorkerSettings,
    log: WorkerLog,
    toParent?: (message: ChildWorkerMessage) => void,
  ): Promise<void> {
    const flags = this.flags as ConnectionFlagValues & EncryptionFlagValues & { verbose: boolean };
    const server = await joinRunningServer(flags, this.teardown);
    const target = await workerTargetOn(server);
    const worker = new InProcessWorker(settings.role, await createWorker(target, settings), this.teardown);
    this.log(
      `${log.what} polling ${TASK_QUEUE} on ${server.address} (namespace ${server.namespace}${log.details ?? ''}). Stop with Ctrl+C.`,
    );
    logEncryption(server, (line) => this.log(line));
    if (log.after) this.log(log.after);
    toParent?.({ kind: 'ready', identity: worker.identity });
    await Promise.race([worker.done, this.untilInterrupted()]);
  }
}
