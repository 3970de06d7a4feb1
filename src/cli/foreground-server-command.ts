// What the commands that run servers in the foreground until Ctrl+C share (`server`, `cluster`, `regions`): their
// start told as it goes, then what serves where, the commands to run next in other terminals, and a wait for Ctrl+C
// while the base command owns every process they started.
import type { Command } from '@oclif/core';
import { EventBus } from '../events/event-bus';
import { BaseCommand } from './base-command';

/** What a server in the foreground says once it serves. */
export interface Serving {
  /** What serves where: the first line says what runs and how to stop it. */
  report: readonly string[];
  /** The commands to run next, in other terminals. */
  next: readonly string[];
  /** Told after the next commands, then as it comes (the supervision of the cluster's services). */
  follow?(log: (line: string) => void): void;
}

export abstract class ForegroundServerCommand<T extends typeof Command> extends BaseCommand<T> {
  static override enableJsonFlag = false;

  /** Starts the servers, telling each step on `events`. */
  protected abstract serve(events: EventBus): Promise<Serving>;

  async run(): Promise<void> {
    const startedAt = Date.now();
    // It runs until stopped: its events are told as they come, and none is kept.
    const events = new EventBus({ keep: false });
    const story = this.storyFor(events, false);
    const serving = await this.serve(events);
    story?.stop();
    this.log('');
    const [title, ...report] = serving.report;
    const startedIn = ((Date.now() - startedAt) / 1000).toFixed(1);
    this.log(`${title} (started in ${startedIn}s). Stop with Ctrl+C.`);
    for (const line of report) this.log(line);
    this.log('');
    this.log('Next, in other terminals:');
    for (const command of serving.next) this.log(`  ${command}`);
    serving.follow?.((line) => this.log(line));
    await this.untilInterrupted();
  }
}
