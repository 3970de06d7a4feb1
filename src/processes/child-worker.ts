// A worker in a child process (the CLI's own `worker activity` or `worker workflow`), so that it can really crash:
// SIGKILL gives the server no completion, no failure and no goodbye for the task in flight. An activity worker's
// progress events come back over the IPC channel and join the parent's event stream; the parent can also wait for
// a given report (a crash point).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { EXIT } from '../domain/errors';
import type { EventBus } from '../events/event-bus';
import type { EventOfType, WorkerEvent, WorkerRole } from '../events/events';
import { cliEnvironment } from './cli-process';
import { thisProgram } from './installation';
import { stopWithin } from './child-signals';
import { KeptOutput, lastLines } from './output-tail';
import type { Teardown } from './teardown';
import type { WorkerHandle } from './worker-handle';

/** What the child sends its parent over IPC: that its worker polls, then what the worker reports. */
export type ChildWorkerMessage = { kind: 'ready'; identity: string } | { kind: 'event'; event: WorkerEvent };

type ItemPacked = EventOfType<'packing.item-packed'>;

const READY_TIMEOUT_MS = 30_000;
const GRACEFUL_STOP_MS = 10_000;

function isChildWorkerMessage(message: unknown): message is ChildWorkerMessage {
  const kind = (message as { kind?: unknown } | null)?.kind;
  return kind === 'ready' || kind === 'event';
}

export interface ChildWorkerOptions {
  role: WorkerRole;
  /** How the child joins its parent's server: TEMPORAL_* settings, and the key with --encrypt. */
  environment: Record<string, string>;
  /** Payloads are encrypted: the child encrypts too, with the key from its environment. */
  encrypt: boolean;
  speed: number;
  events: EventBus;
  teardown: Teardown;
  /** An activity worker records the external effects in the ledger of this folder. */
  ledgerFolder?: string;
}

export class ChildWorker implements WorkerHandle {
  private readonly stderr = new KeptOutput();
  /** The worker's identity as the server records it (with the child's PID), once it is ready. */
  identity = '';
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>;
  private readonly forget: () => void;

  private constructor(
    readonly role: WorkerRole,
    private readonly child: ChildProcess,
    private readonly events: EventBus,
    teardown: Teardown,
  ) {
    child.stderr?.on('data', (chunk) => this.stderr.add(chunk));
    child.on('message', (message) => {
      if (isChildWorkerMessage(message) && message.kind === 'event') events.emit(message.event);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.forget = teardown.add(`${role} worker process ${child.pid}`, () => this.stop());
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Also exits when this process does: a child worker whose parent is gone stops at once. */
  static async start(options: ChildWorkerOptions): Promise<ChildWorker> {
    const { role, speed, events, teardown } = options;
    // With --encrypt, the key travels in the environment, never on the command line.
    const encrypt = options.encrypt ? ['--encrypt'] : [];
    const ledger = role !== 'workflow' && options.ledgerFolder ? ['--ledger', options.ledgerFolder] : [];
    const program = thisProgram([
      'worker',
      role,
      '--report-to-parent',
      '--speed',
      String(speed),
      ...encrypt,
      ...ledger,
    ]);
    const child = spawn(program.command, program.args, {
      env: cliEnvironment(options.environment),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const worker = new ChildWorker(role, child, events, teardown);
    await worker.ready();
    return worker;
  }

  private get description(): string {
    return `the ${this.role} worker process`;
  }

  private async ready(): Promise<void> {
    const timeout = AbortSignal.timeout(READY_TIMEOUT_MS);
    try {
      const ready = await this.nextMessage(
        (message): message is Extract<ChildWorkerMessage, { kind: 'ready' }> => message.kind === 'ready',
        timeout,
      );
      this.identity = ready.identity;
    } catch (error) {
      this.child.kill('SIGKILL');
      const exited = error instanceof Error ? error.message : String(error);
      const problem = timeout.aborted
        ? `${this.description} not ready after ${READY_TIMEOUT_MS / 1000}s`
        : exited;
      const detail = lastLines(this.stderr.text, 3);
      throw new Error(`${problem}${detail ? `: ${detail}` : ''}`);
    }
  }

  /**
   * Resolves when this worker reports that it packed the item at `index` (the checkpoint it heartbeats next);
   * rejects if the process exits first or `signal` aborts.
   */
  async untilPacked(index: number, signal: AbortSignal): Promise<ItemPacked> {
    const packed = (message: ChildWorkerMessage): message is { kind: 'event'; event: ItemPacked } =>
      message.kind === 'event' &&
      message.event.type === 'packing.item-packed' &&
      message.event.index === index;
    return (await this.nextMessage(packed, signal)).event;
  }

  /** The next message from the child that `matches`; rejects when the child exits or `signal` aborts first. */
  private nextMessage<Message extends ChildWorkerMessage>(
    matches: (message: ChildWorkerMessage) => message is Message,
    signal: AbortSignal,
  ): Promise<Message> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (!isChildWorkerMessage(message) || !matches(message)) return;
        cleanup();
        resolve(message);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${this.description} exited with code ${code}`));
      };
      const onAbort = () => {
        cleanup();
        reject(signal.reason);
      };
      const cleanup = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
      };
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A real crash: no shutdown, no last heartbeat, no failure reported to the server. */
  async kill(): Promise<void> {
    this.forget();
    this.child.kill('SIGKILL');
    await this.exited;
    this.events.emit({ type: 'worker.killed', role: this.role, pid: this.pid, signal: 'SIGKILL' });
  }

  /** A graceful stop (Ctrl+C for the child), SIGKILL if it does not stop in time. */
  async stop(): Promise<void> {
    this.forget();
    await stopWithin(this.child, 'SIGINT', 'SIGKILL', GRACEFUL_STOP_MS);
  }
}

/**
 * In a child worker (`--report-to-parent`): how it talks to the parent that started it. A worker whose parent is
 * gone (even killed) has nobody to report to and nobody to stop it: it exits at once, as the parent's other
 * processes do (see watchdog.ts).
 */
export function parentChannel(): ((message: ChildWorkerMessage) => void) | undefined {
  if (!process.send) return undefined;
  process.once('disconnect', () => process.exit(EXIT.failed));
  // Listening for the disconnect keeps the channel, and so the process, alive: a child whose worker could not start
  // would then outlive its error until its parent gave up waiting. The worker, while it runs, keeps it alive anyway.
  process.channel?.unref();
  return (message) => process.send?.(message);
}
