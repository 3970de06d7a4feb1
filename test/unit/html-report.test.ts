// The HTML report rendered from the timelines of the recorded histories: a row per activity and timer, attempts
// with their outcomes, the checks, and a page that needs nothing from the network and shows server text as text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '../../src/temporal/sdk-internals';
import { expect } from 'chai';
import type { HtmlReportInput } from '../../src/narration/html-report';
import { renderHtmlReport, renderReportIndex } from '../../src/narration/html-report';
import { packageRoot } from '../../src/processes/server-executables';
import type { HistoryEvent } from '../../src/verification/history-events';
import { buildTimeline } from '../../src/verification/timeline';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'histories');

function fixtureHistory(scenario: string): HistoryEvent[] {
  const json: unknown = JSON.parse(readFileSync(path.join(FIXTURES, `${scenario}.json`), 'utf8'));
  return historyFromJSON(json).events ?? [];
}

function reportOf(scenario: string, extra: Partial<HtmlReportInput> = {}): string {
  const timeline = buildTimeline({ workflowId: `wf-${scenario}`, runId: 'run-1' }, fixtureHistory(scenario));
  return renderHtmlReport({
    name: scenario,
    title: scenario,
    workflowId: timeline.workflowId,
    runId: timeline.runId,
    passed: true,
    outcome: 'Order fulfilled',
    timeline,
    checks: [{ name: 'workflow result is "Order fulfilled"', passed: true, evidence: 'event 30' }],
    ...extra,
  });
}

/** Every address the page would load or link to. */
function linkedAddresses(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((match) => match[1]);
}

describe('HTML report', () => {
  it('has a row per activity and the approval timer, attempts with outcomes and event IDs', () => {
    const html = reportOf('inventory-down');
    for (const activity of ['process_payment', 'reserve_inventory', 'deliver_order']) {
      expect(html).to.include(`data-name="${activity}"`);
    }
    expect(html).to.include('data-name="approval timer"');
    expect(html).to.match(/reserve_inventory attempt 5: completed/);
    expect(html).to.match(/after 4 earlier attempt\(s\)/);
    expect(html).to.match(/events \d+, \d+, \d+/);
    expect(html).to.include(
      '✓</span> <span class="check-name">workflow result is &quot;Order fulfilled&quot;',
    );
  });

  it('draws the timed-out packing attempt of checkpoint and the failed workflow tasks of workflow-bug', () => {
    expect(reportOf('checkpoint')).to.include('data-name="pack_order_items"');
    expect(reportOf('checkpoint')).to.match(/HEARTBEAT/);
    expect(reportOf('workflow-bug')).to.include('data-kind="workflow-task-failed"');
  });

  it('shows text from the server as text, never as markup', () => {
    const html = reportOf('happy-path', {
      outcome: '<script>alert(1)</script>',
      checks: [{ name: 'x"><img src=x onerror=alert(1)>', passed: false, evidence: '</div><b>&' }],
      uiUrl: 'http://127.0.0.1:8233/namespaces/default/workflows/a"b<c',
    });
    expect(html).not.to.include('<script>');
    expect(html).not.to.include('<img');
    expect(html).not.to.include('<b>');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.include('✗');
  });

  it('needs nothing from the network: no scripts, and no address but the Web UI link', () => {
    const uiUrl = 'http://127.0.0.1:8233/namespaces/default/workflows/wf/run-1/history';
    for (const scenario of ['happy-path', 'checkpoint', 'expire', 'invalid-card']) {
      const html = reportOf(scenario, { uiUrl });
      expect(html).not.to.match(/<script|<link|@import|url\(\s*["']?http/i);
      expect(linkedAddresses(html).filter((address) => /^(https?:)?\/\//.test(address))).to.deep.equal([
        uiUrl,
      ]);
      expect(linkedAddresses(reportOf(scenario)).filter((address) => !address.startsWith('#'))).to.deep.equal(
        [],
      );
    }
  });

  it('links the Web UI only at a web address, and tells the browser to run and fetch nothing', () => {
    const html = reportOf('happy-path', { uiUrl: 'javascript:alert(document.domain)' });
    expect(html).not.to.include('javascript:');
    expect(html).to.match(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*">/);
    expect(renderReportIndex([], true)).to.include('http-equiv="Content-Security-Policy"');
  });

  it('indexes the pages of `all` with their verdicts', () => {
    const html = renderReportIndex(
      [
        { name: 'happy-path', verdict: 'PASS', outcome: 'Order fulfilled', href: 'happy-path.html' },
        { name: 'checkpoint', verdict: 'ERROR', outcome: 'could not finish: <boom>' },
      ],
      false,
    );
    expect(html).to.include('<a href="happy-path.html">happy-path</a>');
    expect(html).to.include('could not finish: &lt;boom&gt;');
    expect(html).to.include('verdict FAIL');
  });
});
