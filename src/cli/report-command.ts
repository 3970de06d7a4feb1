// What a command that reports a run shares (one scenario, chaos, bench, `all`, `start`): its conclusion and timeline
// told after the story, its HTML page (--report) and JUnit XML (--junit) written, and the run as reports name it.
import type { Command, Interfaces } from '@oclif/core';
import type { EventBus } from '../events/event-bus';
import { renderHtmlReport } from '../narration/html-report';
import type { JunitRun } from '../narration/junit-report';
import { renderJunitReport } from '../narration/junit-report';
import type { Display, Presenter, RunMeta } from '../narration/presenter';
import type { StoryRenderer } from '../narration/story-renderer';
import { tellTimeline } from '../narration/timeline';
import type { TemporalServer } from '../temporal/servers/server';
import { BaseCommand } from './base-command';
import type { junitFileFlag, reportFileFlag, timelineFlag } from './flags';
import { writeReport } from './files';

/** The report flags a command may take; --encrypt writes its files readable by their owner alone. */
type ReportFlagValues = Partial<
  Interfaces.InferredFlags<typeof reportFileFlag & typeof junitFileFlag & typeof timelineFlag>
> & { encrypt?: boolean };

/** The server a run used, as reports name it. */
export function serverSummary(server: TemporalServer): RunMeta['server'] {
  return { kind: server.label, address: server.address, namespace: server.namespace, uiUrl: server.uiUrl };
}

/** What the command path knows of a run so far, besides its report. */
export function runMeta(server: TemporalServer, events: EventBus, speed: number): RunMeta {
  return {
    durationMs: Date.now() - events.startedAt,
    speed,
    server: serverSummary(server),
    steps: events.events,
  };
}

export abstract class ReportCommand<T extends typeof Command> extends BaseCommand<T> {
  private get reportFlags(): ReportFlagValues {
    return this.flags as ReportFlagValues;
  }

  /** Where a presenter writes: through the story (above its live line), or straight to stdout without one. */
  protected display(story: StoryRenderer | undefined): Display {
    return {
      color: this.useColor,
      line: (text = '') => (story ? story.line(text) : this.log(text)),
      problem: (text) => this.logToStderr(text),
    };
  }

  /** After the story: the run's conclusion, and its timeline unless --no-timeline (nothing with --json). */
  protected tell<Report>(
    presenter: Presenter<Report>,
    report: Report,
    meta: RunMeta,
    story: StoryRenderer | undefined,
  ): void {
    if (!story) return;
    presenter.conclude(report, this.display(story), meta);
    if (presenter.timeline && this.reportFlags.timeline) {
      tellTimeline(story, presenter.timeline(report), this.useColor);
    }
  }

  /** --report and --junit of one run, where its presenter has a page and test cases. */
  protected async writeReportFiles<Report>(
    presenter: Presenter<Report>,
    report: Report,
    meta: RunMeta,
    run: { title: string; command: string; startedAt: number },
    story: StoryRenderer | undefined,
  ): Promise<void> {
    const flags = this.reportFlags;
    if (flags.report && presenter.page) {
      await writeReport(flags.report, renderHtmlReport(presenter.page(report, run.title)), flags.encrypt);
      story?.line(`HTML report: ${flags.report}`);
    }
    if (flags.junit && presenter.junit) {
      const junit = { command: run.command, startedAt: new Date(run.startedAt), ...meta };
      await this.writeJunitReport(flags.junit, { ...junit, ...presenter.junit(report, meta) }, story);
    }
  }

  /** --junit: the run as JUnit XML, written like a --report page. */
  protected async writeJunitReport(file: string, run: JunitRun, story?: StoryRenderer): Promise<void> {
    await writeReport(file, renderJunitReport(run), this.reportFlags.encrypt);
    if (!this.jsonEnabled()) this.display(story).line(`JUnit report: ${file}`);
  }
}
