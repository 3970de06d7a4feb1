// A run as one self-contained HTML page a person can open offline: the timeline as inline SVG (hover a bar for its
// details), the checks with their evidence, the workflow and run IDs. A pure function of the model: no scripts,
// no fonts or styles from the network; the only outside link is the Web UI's, when the run had one.
import type { Check } from '../verification/checks';
import type {
  MarkKind,
  SpanFailure,
  SpanOutcome,
  Timeline,
  TimelineMark,
  TimelineRow,
  TimelineSpan,
} from '../verification/timeline';
import { formatDuration } from './format';

export interface HtmlReportInput {
  /** The scenario's name, or what else ran (e.g. `start`). */
  name: string;
  title: string;
  workflowId: string;
  runId: string;
  /** PASS/FAIL of the checks, or of the order when nothing was checked. */
  passed: boolean;
  /** SKIPPED when part of the run did not happen on its server; absent: PASS or FAIL, as `passed` says. */
  verdict?: 'PASS' | 'FAIL' | 'SKIPPED';
  /** What the run ended with, in a few words (the result, or the failure). */
  outcome: string;
  /** Absent when the server's record of the run could not be read. */
  timeline?: Timeline;
  checks: readonly Check[];
  /** The workflow in the Web UI, when the server had one. */
  uiUrl?: string;
}

export interface ReportIndexEntry {
  name: string;
  verdict: 'PASS' | 'FAIL' | 'ERROR' | 'SKIPPED';
  outcome: string;
  /** The scenario's page, relative to the index; none when it did not run to its end. */
  href?: string;
}

/**
 * Text from the server (failure messages, heartbeat details, IDs) goes into the page as text, never as markup.
 * Hand-written on purpose: five replacements, and no dependency for them.
 */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const LABEL_WIDTH = 160;
const PLOT_WIDTH = 700;
const RIGHT_MARGIN = 20;
const AXIS_HEIGHT = 28;
const ROW_HEIGHT = 36;
const BAR_HEIGHT = 20;
const CHART_WIDTH = LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN;
/** Width of one character of the bar labels, to decide whether a label fits inside its bar. */
const LABEL_CHAR_WIDTH = 7;

/** How each outcome reads without colour: a fill pattern and a glyph, besides the colour (glyphs common fonts have). */
const OUTCOME_STYLE: Record<SpanOutcome, { glyph: string; legend: string }> = {
  completed: { glyph: '✓', legend: 'completed' },
  failed: { glyph: '✗', legend: 'failed (hatched)' },
  'timed-out': { glyph: '◔', legend: 'timed out (cross-hatched)' },
  running: { glyph: '…', legend: 'still running (outline)' },
  fired: { glyph: '●', legend: 'timer fired' },
  canceled: { glyph: '⊘', legend: 'canceled (dotted)' },
};

const MARK_GLYPH: Record<MarkKind, string> = {
  signal: '✉',
  'workflow-task-failed': '⚠',
  'worker-lost': '✖',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A tick step that puts 4 to 10 ticks on the axis. */
function tickStepMs(durationMs: number): number {
  const steps = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000];
  return steps.find((step) => durationMs / step <= 10) ?? 600_000;
}

function detailsText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function failureText(failure: SpanFailure): string {
  const type = failure.type ? `${failure.type}: ` : '';
  const timeout = failure.timeoutType ? ` (${failure.timeoutType} timeout)` : '';
  return `${type}${failure.message}${timeout}`;
}

/** The lines of a bar's hover box: which attempt, when, how it ended and why, and the events it is read from. */
function spanTooltip(row: TimelineRow, span: TimelineSpan, endMs: number): string {
  const what = span.attempt === undefined ? row.name : `${row.name} attempt ${span.attempt}`;
  const lines = [
    `${what}: ${span.outcome}`,
    `${seconds(span.startMs)} → ${span.endMs === undefined ? 'end of record' : seconds(endMs)} (${formatDuration(endMs - span.startMs)})`,
  ];
  if (span.failure) lines.push(`failure: ${failureText(span.failure)}`);
  if (span.heartbeatDetails !== undefined) {
    lines.push(`heartbeat details: ${detailsText(span.heartbeatDetails)}`);
  }
  if (span.lastHeartbeatMs !== undefined) lines.push(`last heartbeat at ${seconds(span.lastHeartbeatMs)}`);
  if (span.workerIdentity) lines.push(`worker: ${span.workerIdentity}`);
  if (span.earlierAttempts) {
    const earlier = span.earlierAttempts;
    lines.push(
      `after ${earlier.count} earlier attempt(s) the history keeps no times for` +
        (earlier.lastFailure ? `; the last one: ${failureText(earlier.lastFailure)}` : ''),
    );
  }
  if (span.eventIds.length > 0) lines.push(`events ${span.eventIds.join(', ')}`);
  lines.push(span.source === 'history' ? 'from the history' : 'seen by describe() while it ran');
  return lines.join('\n');
}

function markTooltip(mark: TimelineMark): string {
  return [
    `${mark.label} at ${seconds(mark.atMs)}`,
    mark.detail,
    mark.eventId === undefined ? undefined : `event ${mark.eventId}`,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

/** A mark's label beside it, on its left near the end of the axis so that it stays on the chart. */
function markLabel(label: string, at: number, y: number): string {
  const onLeft = at > LABEL_WIDTH + PLOT_WIDTH * 0.75;
  return (
    `<text class="mark-label" x="${onLeft ? at - 8 : at + 8}" y="${y}" text-anchor="${onLeft ? 'end' : 'start'}">` +
    `${escapeHtml(label)}</text>`
  );
}

/** The timeline as inline SVG: an axis in seconds, one row per activity, timer, signal or workflow task. */
function renderChart(timeline: Timeline): string {
  const durationMs = Math.max(timeline.durationMs, 1);
  const x = (ms: number) => LABEL_WIDTH + (Math.min(Math.max(ms, 0), durationMs) / durationMs) * PLOT_WIDTH;
  const height = AXIS_HEIGHT + timeline.rows.length * ROW_HEIGHT + 8;
  const parts: string[] = [];

  const step = tickStepMs(durationMs);
  for (let ms = 0; ms <= durationMs; ms += step) {
    parts.push(
      `<line class="grid" x1="${x(ms)}" x2="${x(ms)}" y1="${AXIS_HEIGHT - 6}" y2="${height}"/>`,
      `<text class="tick" x="${x(ms)}" y="${AXIS_HEIGHT - 10}" text-anchor="middle">${seconds(ms)}</text>`,
    );
  }

  timeline.rows.forEach((row, index) => {
    const top = AXIS_HEIGHT + index * ROW_HEIGHT;
    const barTop = top + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    const middle = top + ROW_HEIGHT / 2;
    const label = row.summary ? `${row.name} — ${row.summary}` : row.name;
    parts.push(
      `<g class="row${index % 2 === 0 ? ' striped' : ''}" data-kind="${row.kind}" data-name="${escapeHtml(row.name)}">`,
      `<rect class="row-band" x="0" y="${top}" width="${CHART_WIDTH}" height="${ROW_HEIGHT}"/>`,
      `<text class="row-label" x="8" y="${row.summary ? middle - 2 : middle + 4}"><title>${escapeHtml(label)}</title>` +
        `${escapeHtml(row.name)}</text>`,
    );
    if (row.summary) {
      parts.push(`<text class="row-summary" x="8" y="${middle + 11}">${escapeHtml(row.summary)}</text>`);
    }
    row.spans.forEach((span, spanIndex) => {
      const previous = row.spans[spanIndex - 1];
      if (row.kind === 'activity' && previous?.endMs !== undefined && span.startMs > previous.endMs) {
        parts.push(
          `<line class="backoff" x1="${x(previous.endMs)}" x2="${x(span.startMs)}" y1="${middle}" y2="${middle}">` +
            `<title>retry backoff: ${formatDuration(span.startMs - previous.endMs)} before attempt ${span.attempt ?? '?'}</title></line>`,
        );
      }
      if (span.earlierAttempts) {
        parts.push(
          `<text class="earlier" x="${x(span.startMs) - 4}" y="${middle + 4}" text-anchor="end">` +
            `+${span.earlierAttempts.count}<title>${escapeHtml(spanTooltip(row, span, span.endMs ?? durationMs))}</title></text>`,
        );
      }
      const endMs = span.endMs ?? durationMs;
      const left = x(span.startMs);
      const width = Math.max(x(endMs) - left, 2);
      const style = OUTCOME_STYLE[span.outcome];
      const text = span.attempt === undefined ? style.glyph : `#${span.attempt} ${style.glyph}`;
      parts.push(
        `<g class="span" data-outcome="${span.outcome}"${span.attempt === undefined ? '' : ` data-attempt="${span.attempt}"`}>` +
          `<title>${escapeHtml(spanTooltip(row, span, endMs))}</title>` +
          `<rect class="bar ${span.outcome}" x="${left}" y="${barTop}" width="${width}" height="${BAR_HEIGHT}" rx="3"/>` +
          (text.length * LABEL_CHAR_WIDTH + 6 <= width
            ? `<text class="bar-label" x="${left + 4}" y="${middle + 4}">${text}</text>`
            : '') +
          '</g>',
      );
    });
    for (const mark of row.marks) {
      const at = x(mark.atMs);
      parts.push(
        `<g class="mark" data-kind="${mark.kind}">` +
          `<title>${escapeHtml(markTooltip(mark))}</title>` +
          `<line class="mark-line ${mark.kind}" x1="${at}" x2="${at}" y1="${top + 3}" y2="${top + ROW_HEIGHT - 3}"/>` +
          `<text class="mark-glyph ${mark.kind}" x="${at}" y="${top + 12}" text-anchor="middle">${MARK_GLYPH[mark.kind]}</text>` +
          markLabel(mark.label, at, top + ROW_HEIGHT - 5) +
          '</g>',
      );
    }
    parts.push('</g>');
  });

  return (
    `<svg class="timeline" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" ` +
    `role="img" aria-label="Timeline of the workflow run">` +
    `<defs>` +
    `<pattern id="hatch-failed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="#c62828"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>` +
    `<pattern id="hatch-timed-out" width="6" height="6" patternUnits="userSpaceOnUse">` +
    `<rect width="6" height="6" fill="#e65100"/><path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.2"/></pattern>` +
    `<pattern id="dots-canceled" width="5" height="5" patternUnits="userSpaceOnUse">` +
    `<rect width="5" height="5" fill="#757575"/><circle cx="2.5" cy="2.5" r="1" fill="#fff"/></pattern>` +
    `</defs>${parts.join('')}</svg>`
  );
}

function renderLegend(): string {
  const items = Object.entries(OUTCOME_STYLE).map(
    ([outcome, style]) =>
      `<li><svg width="28" height="14" aria-hidden="true"><rect class="bar ${outcome}" x="1" y="1" width="26" height="12" rx="2"/></svg>` +
      `${style.glyph} ${style.legend}</li>`,
  );
  const marks = [
    `<li>${MARK_GLYPH.signal} signal received</li>`,
    `<li>${MARK_GLYPH['workflow-task-failed']} workflow task failed</li>`,
    `<li>${MARK_GLYPH['worker-lost']} worker lost</li>`,
    '<li><svg width="28" height="14" aria-hidden="true"><line class="backoff" x1="1" x2="27" y1="7" y2="7"/></svg>retry backoff</li>',
  ];
  return `<ul class="legend">${[...items, ...marks].join('')}</ul>`;
}

function renderChecks(checks: readonly Check[]): string {
  if (checks.length === 0) return '';
  const items = checks.map(
    (check) =>
      `<li class="check ${check.passed ? 'passed' : 'failed'}">` +
      `<span class="check-mark">${check.passed ? '✓' : '✗'}</span> <span class="check-name">${escapeHtml(check.name)}</span>` +
      `<div class="evidence">${escapeHtml(check.evidence)}</div></li>`,
  );
  const passedCount = checks.filter((check) => check.passed).length;
  return `<section><h2>Checks (${passedCount}/${checks.length} passed)</h2><ul class="checks">${items.join('')}</ul></section>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 20px; color: #1f2328; max-width: 920px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 4px; color: #fff; font-weight: 600; margin-right: 8px; }
.verdict.PASS { background: #2e7d32; } .verdict.FAIL, .verdict.ERROR { background: #c62828; } .verdict.SKIPPED { background: #757575; }
dl.ids { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 12px 0; }
dl.ids dt { color: #57606a; } dl.ids dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
.chart { border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 0; }
svg.timeline { display: block; width: 100%; height: auto; font-size: 12px; }
.row-band { fill: transparent; } .row.striped .row-band { fill: #f6f8fa; }
.row-label { font-weight: 600; fill: #1f2328; } .row-summary { fill: #57606a; font-size: 10px; }
.grid { stroke: #d0d7de; stroke-dasharray: 2 3; } .tick { fill: #57606a; font-size: 11px; }
.bar { stroke: #1f2328; stroke-width: 0.6; }
.bar.completed { fill: #2e7d32; } .bar.failed { fill: url(#hatch-failed); } .bar.timed-out { fill: url(#hatch-timed-out); }
.bar.running { fill: #fff; stroke: #0969da; stroke-width: 1.5; stroke-dasharray: 4 2; }
.bar.fired { fill: #6f42c1; } .bar.canceled { fill: url(#dots-canceled); }
.bar-label { fill: #fff; font-weight: 600; paint-order: stroke; stroke: rgba(0,0,0,.45); stroke-width: 2px; pointer-events: none; }
.span:hover .bar { stroke-width: 2; }
.backoff { stroke: #57606a; stroke-width: 1.5; stroke-dasharray: 3 3; }
.earlier { fill: #57606a; font-size: 11px; }
.mark-line { stroke-width: 2; } .mark-line.signal { stroke: #0969da; } .mark-line.workflow-task-failed { stroke: #bf8700; } .mark-line.worker-lost { stroke: #c62828; }
.mark-glyph { font-size: 13px; font-weight: 700; } .mark-glyph.signal { fill: #0969da; } .mark-glyph.workflow-task-failed { fill: #bf8700; } .mark-glyph.worker-lost { fill: #c62828; }
.mark-label { fill: #1f2328; font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; color: #57606a; font-size: 12px; }
ul.legend li { display: flex; align-items: center; gap: 4px; }
ul.checks { list-style: none; padding: 0; }
.check { margin: 6px 0; } .check-mark { font-weight: 700; } .check.passed .check-mark { color: #2e7d32; } .check.failed .check-mark { color: #c62828; }
.evidence { color: #57606a; font-family: ui-monospace, monospace; font-size: 12px; margin-left: 20px; }
table.index { border-collapse: collapse; } table.index td, table.index th { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; }
footer { margin-top: 24px; color: #57606a; font-size: 12px; }
`;

/**
 * The page loads nothing and runs nothing: its own inline style and inline SVG only. Should anything ever slip in
 * (a name the page shows, a link), the browser refuses to run or fetch it.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function page(title: string, body: string): string {
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body>${body}</body></html>\n`
  );
}

/** One run's page. */
export function renderHtmlReport(report: HtmlReportInput): string {
  const { timeline } = report;
  const verdict = report.verdict ?? (report.passed ? 'PASS' : 'FAIL');
  const ids = [
    `<dt>Workflow ID</dt><dd>${escapeHtml(report.workflowId)}</dd>`,
    `<dt>Run ID</dt><dd>${escapeHtml(report.runId)}</dd>`,
  ];
  if (timeline) {
    ids.push(
      `<dt>Started</dt><dd>${escapeHtml(timeline.startedAt)}</dd>`,
      `<dt>Duration</dt><dd>${formatDuration(timeline.durationMs)} (${escapeHtml(timeline.status)})</dd>`,
    );
  }
  // Only a web address is a link: never javascript: or file: (the flag refuses them too; the page does not rely on it).
  if (report.uiUrl && /^https?:\/\//i.test(report.uiUrl)) {
    ids.push(
      `<dt>Web UI</dt><dd><a class="web-ui" href="${escapeHtml(report.uiUrl)}">${escapeHtml(report.uiUrl)}</a></dd>`,
    );
  }
  const chart = timeline
    ? `<p class="hint">Time since the workflow started, from the server's record. Hover a bar or a mark for its ` +
      `details.</p><div class="chart">${renderChart(timeline)}</div>${renderLegend()}`
    : "<p>The server's record of this run could not be read.</p>";
  const body =
    `<header><h1>${escapeHtml(report.title)}</h1>` +
    `<p><span class="verdict ${verdict}">${verdict}</span><span class="outcome">${escapeHtml(report.outcome)}</span></p>` +
    `<dl class="ids">${ids.join('')}</dl></header>` +
    `<section class="timeline-section"><h2>Timeline</h2>${chart}</section>` +
    renderChecks(report.checks) +
    `<footer>order-demo ${escapeHtml(report.name)}</footer>`;
  return page(`order-demo ${report.name} — ${verdict}`, body);
}

/** The index of `all --report DIR`: each scenario's verdict, linked to its page when it has one. */
export function renderReportIndex(entries: readonly ReportIndexEntry[], passed: boolean): string {
  const rows = entries.map(
    (entry) =>
      `<tr><td>${entry.href ? `<a href="${escapeHtml(entry.href)}">${escapeHtml(entry.name)}</a>` : escapeHtml(entry.name)}</td>` +
      `<td><span class="verdict ${entry.verdict}">${entry.verdict}</span></td><td>${escapeHtml(entry.outcome)}</td></tr>`,
  );
  const verdict = passed ? 'PASS' : 'FAIL';
  const body =
    `<h1>order-demo all</h1><p><span class="verdict ${verdict}">${verdict}</span></p>` +
    `<table class="index"><thead><tr><th>scenario</th><th>verdict</th><th>outcome</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`;
  return page(`order-demo all — ${verdict}`, body);
}
