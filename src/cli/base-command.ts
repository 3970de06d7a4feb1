// What every command shares: --json and --verbose, its flags and arguments parsed and typed from their definitions,
// one teardown owner for whatever the command starts, Ctrl+C and SIGTERM handling (tear down, exit 130 or 143), and
// errors as one clear line with the exit code the error carries — even an error nobody expected, thrown where nobody
// awaits it.
import type { Interfaces } from '@oclif/core';
import { Command, Flags } from '@oclif/core';
import { Chalk } from 'chalk';
import { EXIT } from '../domain/errors';
import type { EventBus } from '../events/event-bus';
import { StoryRenderer } from '../narration/story-renderer';
import { invocation } from '../processes/installation';
import { releaseWatchdog } from '../processes/watchdog';
import { Teardown } from '../processes/teardown';
import { exitCodeFor, exitCodeForSignal, messageFor } from './exit-codes';

/** The parsed flags of command class T: its base flags and its own. */
export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<T['baseFlags'] & T['flags']>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** T is the command's own class, whose flag and argument definitions type `this.flags` and `this.args`. */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    verbose: Flags.boolean({ description: "Also print the SDK's own log lines.", helpGroup: 'GLOBAL' }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Every argument in order, for a command that takes any number of them (`strict = false`). */
  protected positionals: string[] = [];

  /** Everything the command starts is registered here; it is all closed when the command ends, however it ends. */
  protected readonly teardown = new Teardown();
  /** Aborted on Ctrl+C or SIGTERM. */
  protected readonly interruption = new AbortController();
  /**
   * The exit code when Ctrl+C or SIGTERM is the expected way to end (e.g. after --keep-server); otherwise the
   * signal's own: 130 for SIGINT, 143 for SIGTERM.
   */
  protected exitCodeOnInterrupt: number | undefined;
  /**
   * The exit code the command chose from its outcome (a failed check, a refused update), set as the process's when
   * the command returns; an error ends it with the error's own code instead.
   */
  protected exitCode: number | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => this.interrupted(signal);
  private readonly onUnexpectedError = (error: unknown) => this.failedUnexpectedly(error);

  protected override async init(): Promise<void> {
    await super.init();
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('uncaughtException', this.onUnexpectedError);
    process.on('unhandledRejection', this.onUnexpectedError);
    const { flags, args, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: this.ctor.baseFlags,
      args: this.ctor.args,
      enableJsonFlag: this.ctor.enableJsonFlag,
      strict: this.ctor.strict,
    });
    // parse() types its result from the definitions it is given, here those of the class this instance belongs to.
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.positionals = argv.map(String);
  }

  /** Colour on a terminal only, and never with NO_COLOR. */
  protected get useColor(): boolean {
    return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !this.jsonEnabled();
  }

  /**
   * The story of these events on stdout, unless --json asked for silence. `live` adds the status line (spinner,
   * countdowns) on a terminal; long-running commands whose output is a log leave it out.
   */
  protected storyFor(events: EventBus, live = true): StoryRenderer | undefined {
    if (this.jsonEnabled()) return undefined;
    return new StoryRenderer(events, {
      color: this.useColor,
      interactive: live && this.useColor,
      out: process.stdout,
      invocation: this.invocation,
    }).start();
  }

  /** How this CLI was run, as a person would type it again. */
  protected get invocation(): string {
    return invocation(this.config.bin);
  }

  /** For long-running commands: resolves on Ctrl+C, while the base command tears everything down. */
  protected untilInterrupted(): Promise<void> {
    const { signal } = this.interruption;
    return new Promise((resolve) => {
      // An open timer keeps the process alive; native handles alone may not.
      const keepAlive = setInterval(() => undefined, 60_000);
      signal.addEventListener('abort', () => {
        clearInterval(keepAlive);
        resolve();
      });
    });
  }

  private interrupted(signal: NodeJS.Signals): void {
    const exitCode = this.exitCodeOnInterrupt ?? exitCodeForSignal(signal);
    // A second Ctrl+C while tearing down: the person wants out now.
    if (this.interruption.signal.aborted) process.exit(exitCode);
    this.interruption.abort(new Error(`interrupted by ${signal}`));
    process.stderr.write(
      `\n${signal === 'SIGINT' ? 'Ctrl+C' : signal}: stopping everything this command started…\n`,
    );
    this.exitAfterTeardown(exitCode);
  }

  /**
   * A rejection nobody handled or an exception thrown outside the command's own flow (a background poll, a
   * callback): one clear line instead of Node's trace, then the same teardown as any other failure, exit 1.
   */
  private failedUnexpectedly(error: unknown): void {
    if (this.interruption.signal.aborted) return;
    this.interruption.abort(error);
    this.logToStderr(`Error: unexpected failure: ${messageFor(error)}`);
    if (process.env.ORDER_DEMO_DEBUG && error instanceof Error && error.stack) this.logToStderr(error.stack);
    this.exitAfterTeardown(EXIT.failed);
  }

  private exitAfterTeardown(exitCode: number): void {
    this.teardown
      .closeAll()
      .then((problems) => {
        for (const problem of problems) process.stderr.write(`  could not stop ${problem}\n`);
        return releaseWatchdog();
      })
      .finally(() => process.exit(exitCode))
      .catch(() => process.exit(exitCode));
  }

  protected override async catch(error: Error): Promise<void> {
    if (this.interruption.signal.aborted) return;
    const code = exitCodeFor(error);
    const message = messageFor(error);
    process.exitCode = code;
    if (this.jsonEnabled()) {
      this.logJson({ error: { message, exitCode: code } });
      return;
    }
    const red = new Chalk({ level: process.stderr.isTTY && !process.env.NO_COLOR ? 1 : 0 }).red;
    this.logToStderr(`${red('Error:')} ${message}`);
    if (process.env.ORDER_DEMO_DEBUG && error.stack) this.logToStderr(error.stack);
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    if (!error && this.exitCode !== undefined) process.exitCode = this.exitCode;
    const problems = await this.teardown.closeAll();
    for (const problem of problems) this.logToStderr(`warning: could not stop ${problem}`);
    await releaseWatchdog();
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('uncaughtException', this.onUnexpectedError);
    process.off('unhandledRejection', this.onUnexpectedError);
    await super.finally(error);
  }
}
