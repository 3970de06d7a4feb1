// The run's timeline as a compact chart for the terminal: one row per activity, timer, signal and workflow-task
// failures, the time axis scaled to the width, each attempt a bar whose fill tells its outcome (readable without
// colour), then one line per row saying what the bars show. A pure function of the model.
import type { ChalkInstance } from 'chalk';
import { Chalk } from 'chalk';
import wrapAnsi from 'wrap-ansi';
import type { Lines } from './progress-line';
import type { MarkKind, SpanOutcome, Timeline, TimelineRow, TimelineSpan } from '../verification/timeline';
import { formatDuration } from './format';

export interface TimelineRenderOptions {
  /** Columns of the terminal: the axis takes what the row names leave. */
  width: number;
  color: boolean;
}

/** The width when the output is not a terminal. */
const DEFAULT_TIMELINE_WIDTH = 100;

/** The columns of the terminal this process writes to, or the default when it writes elsewhere. */
export function terminalWidth(): number {
  return process.stdout.columns || DEFAULT_TIMELINE_WIDTH;
}

const INDENT = '  ';
const MIN_AXIS = 10;

type Fill = SpanOutcome | 'backoff' | 'timer' | 'signal' | 'failure' | 'lost';

/** One character per fill, distinct without colour; the legend lists those the chart uses. */
const GLYPHS: Record<Fill, { glyph: string; meaning: string }> = {
  completed: { glyph: '█', meaning: 'completed' },
  failed: { glyph: '▒', meaning: 'failed' },
  'timed-out': { glyph: '░', meaning: 'timed out' },
  running: { glyph: '▓', meaning: 'running' },
  canceled: { glyph: '=', meaning: 'canceled' },
  backoff: { glyph: '·', meaning: 'retry backoff' },
  timer: { glyph: '─', meaning: 'timer' },
  fired: { glyph: '─', meaning: 'timer' },
  signal: { glyph: '│', meaning: 'signal' },
  failure: { glyph: '✕', meaning: 'workflow task failed' },
  lost: { glyph: '✕', meaning: 'worker lost' },
};

const MARK_FILLS: Record<MarkKind, Fill> = {
  signal: 'signal',
  'workflow-task-failed': 'failure',
  'worker-lost': 'lost',
};

function paint(chalk: ChalkInstance, fill: Fill, text: string): string {
  switch (fill) {
    case 'completed':
      return chalk.green(text);
    case 'failed':
    case 'failure':
    case 'lost':
      return chalk.red(text);
    case 'timed-out':
      return chalk.yellow(text);
    case 'backoff':
      return chalk.dim(text);
    case 'timer':
    case 'fired':
      return chalk.cyan(text);
    case 'signal':
      return chalk.magenta(text);
    default:
      return text;
  }
}

/** The timeline after the story's last lines, at the terminal's width. */
export function tellTimeline(lines: Lines, timeline: Timeline, color: boolean): void {
  lines.line();
  for (const line of renderTimeline(timeline, { width: terminalWidth(), color })) lines.line(line);
}

/** The chart, its axis and legend, and a line per row: each ends with a newline-free string. */
export function renderTimeline(timeline: Timeline, options: TimelineRenderOptions): string[] {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const labelWidth = Math.max(...timeline.rows.map((row) => row.name.length), 0) + 2;
  const axisWidth = Math.max(MIN_AXIS, options.width - INDENT.length - labelWidth - 1);
  const totalMs = Math.max(1, timeline.durationMs);
  const column = (ms: number) => Math.min(axisWidth - 1, Math.max(0, Math.floor((ms / totalMs) * axisWidth)));
  const used = new Set<Fill>();

  const chart = timeline.rows.map((row) => {
    const cells: (Fill | undefined)[] = Array.from({ length: axisWidth }, () => undefined);
    const fill = (fromMs: number, toMs: number, what: Fill) => {
      for (let at = column(fromMs); at <= column(toMs); at += 1) cells[at] = what;
      used.add(what);
    };
    drawSpans(row, fill, totalMs);
    for (const mark of row.marks) {
      const what = MARK_FILLS[mark.kind];
      cells[column(mark.atMs)] = what;
      used.add(what);
    }
    const bar = cells
      .map((what) => (what ? paint(chalk, what, GLYPHS[what].glyph) : ' '))
      .join('')
      .trimEnd();
    return `${INDENT}${row.name.padEnd(labelWidth)}${bar}`;
  });

  const end = formatDuration(timeline.durationMs);
  const axis = `${INDENT}${' '.repeat(labelWidth)}0s${end.padStart(axisWidth - 2)}`;
  const legend = [...new Set([...used].map((what) => GLYPHS[what]))]
    .map(({ glyph, meaning }) => `${glyph} ${meaning}`)
    .join('   ');
  const details = timeline.rows.flatMap((row) =>
    wrapAnsi(describeRow(row), Math.max(MIN_AXIS, options.width - INDENT.length - labelWidth - 1), {
      hard: true,
    })
      .split('\n')
      .map((line, index) => `${INDENT}${(index === 0 ? row.name : '').padEnd(labelWidth)}${line}`),
  );
  return [
    chalk.bold(
      `Timeline from the server's record: ${end} from start to ${timeline.status === 'running' ? 'now' : 'close'}, ` +
        `one column ≈ ${formatStep(totalMs / axisWidth)}`,
    ),
    ...chart,
    chalk.dim(axis),
    chalk.dim(`${INDENT}${legend}`),
    ...details,
  ];
}

/** An activity's attempts with the backoffs between them, or the timer's wait. */
function drawSpans(
  row: TimelineRow,
  fill: (fromMs: number, toMs: number, what: Fill) => void,
  endMs: number,
) {
  let previousEnd: number | undefined;
  for (const span of row.spans) {
    const spanEnd = span.endMs ?? endMs;
    if (previousEnd !== undefined && span.startMs > previousEnd) fill(previousEnd, span.startMs, 'backoff');
    const earlier = span.earlierAttempts;
    if (earlier && row.spans.length === 1) {
      // Only the final attempt's times are in the history: the earlier ones began when the activity was scheduled.
      const scheduledMs = Math.min(span.startMs, row.scheduledMs ?? span.startMs);
      fill(scheduledMs, span.startMs, 'backoff');
      fill(scheduledMs, scheduledMs, earlier.lastFailure?.timeoutType ? 'timed-out' : 'failed');
    }
    fill(span.startMs, spanEnd, row.kind === 'timer' ? 'timer' : span.outcome);
    previousEnd = spanEnd;
  }
}

/** A column's share of time: milliseconds below a second. */
function formatStep(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))}ms` : formatDuration(ms);
}

function attemptRange(from: number, to: number): string {
  return from === to ? `attempt ${from}` : `attempts ${from}–${to}`;
}

function outcomeText(outcome: SpanOutcome): string {
  return outcome === 'timed-out' ? 'timed out' : outcome;
}

function failureText(span: Pick<TimelineSpan, 'failure'>): string {
  const failure = span.failure;
  if (!failure) return '';
  const kind = failure.timeoutType ?? failure.type;
  return `: ${failure.message}${kind ? ` (${kind})` : ''}`;
}

/** What a row's bars and marks show, in words. */
function describeRow(row: TimelineRow): string {
  const head = row.summary ? `${row.summary} — ` : '';
  if (row.kind === 'timer') {
    const span = row.spans[0];
    if (!span) return head;
    if (span.endMs === undefined) return `${head}waiting since ${formatDuration(span.startMs)}`;
    const waited = formatDuration(span.endMs - span.startMs);
    return `${head}${span.outcome === 'fired' ? 'fired' : 'canceled'} after ${waited}, at ${formatDuration(span.endMs)}`;
  }
  if (row.kind !== 'activity') {
    return row.marks
      .map(
        (mark) =>
          `${mark.kind === 'signal' ? 'received' : mark.label} at ${formatDuration(mark.atMs)}${mark.detail ? `: ${mark.detail}` : ''}`,
      )
      .join('; ');
  }
  const parts: string[] = [];
  const final = row.spans.at(-1);
  if (final?.earlierAttempts) {
    const { count, lastFailure } = final.earlierAttempts;
    const ended = lastFailure?.timeoutType ? 'timed out' : 'failed';
    const failure = lastFailure ? failureText({ failure: lastFailure }) : '';
    parts.push(
      count === 1
        ? `attempt 1 ${ended}${failure} (its times are not in the history)`
        : `attempts 1–${count} failed (their times are not in the history)` +
            (failure ? `; last failure${failure}` : ''),
    );
  }
  for (const group of groupAttempts(row.spans)) {
    const first = group[0].attempt ?? 1;
    const last = group.at(-1) ?? group[0];
    const lost = row.marks.find((mark) => mark.kind === 'worker-lost' && last.lastHeartbeatMs === mark.atMs);
    parts.push(
      `${attemptRange(first, last.attempt ?? first)} ${outcomeText(last.outcome)}` +
        (group.length > 1 && last.failure ? `; last failure${failureText(last)}` : failureText(last)) +
        (lost ? `, its worker lost after the heartbeat at ${formatDuration(lost.atMs)}` : ''),
    );
  }
  return head + parts.join('; ');
}

/** Consecutive earlier attempts that ended alike read as one range; the final attempt stands alone. */
function groupAttempts(spans: readonly TimelineSpan[]): [TimelineSpan, ...TimelineSpan[]][] {
  const groups: [TimelineSpan, ...TimelineSpan[]][] = [];
  spans.forEach((span, index) => {
    const group = groups.at(-1);
    const isFinal = index === spans.length - 1;
    if (group && !isFinal && group[0].outcome === span.outcome) group.push(span);
    else groups.push([span]);
  });
  return groups;
}
