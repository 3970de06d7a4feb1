// A region is lost mid-order, and the orders finish in the other (--server regions): a global namespace replicated
// between two regions, told in acts — a planned handover with orders in flight, a region lost with its workers,
// and a partition between the regions. Each act's evidence is both regions' own record: who wrote each event (its failover version), the two
// copies of each history equal event by event, and the ledger's one effect per order and step.
import { EXIT } from '../../domain/errors';
import { requireRegions } from '../../runs/runnable';
import { allPassed } from '../../verification/checks';
import type { Scenario, ScenarioReport } from '../scenario';
import { verdictOf } from '../scenario';
import { partition } from './partition';
import { plannedHandover } from './planned-handover';
import { regionLost } from './region-lost';
import { startRegionalWorkers } from './regions-at-work';

const ACTS = 3;

export const regionFailover: Scenario = {
  name: 'region-failover',
  title: 'Two regions: a planned handover, a region lost mid-order, a partition',
  summary:
    'A global namespace between two regions: handed over with orders in flight, failed over when a region is lost, partitioned.',
  lesson:
    'Multi-cluster replication keeps a copy of every workflow’s history in a second region. A planned handover ' +
    'waits for that copy to catch up, then moves the namespace: orders in flight carry on in the other region. ' +
    'When a region is lost, a forced failover makes the other active at once, with what had reached it: the ' +
    'events that had not are gone, and the work they recorded is done again — activities are at least once ' +
    'across regions — which idempotency keys make harmless. Cut off from each other, the active region serves ' +
    'on and the other falls behind until the link heals. The history itself says which region wrote what.',
  options: {},
  validate: (_, server) => requireRegions(regionFailover.name, server),
  async run(context) {
    const regions = context.server.regions;
    if (!regions) throw new Error('region-failover runs on --server regions');
    const work = await startRegionalWorkers(context, regions);
    const results = [
      await plannedHandover(work, 1, ACTS),
      await regionLost(work, 2, ACTS),
      await partition(work, 3, ACTS),
    ];
    const acts = results.map((result) => result.act);
    await work.kept.activity.stop();
    await work.kept.workflow.stop();
    const checks = acts.flatMap((act, index) =>
      act.checks.map((check) => ({ ...check, name: `act ${index + 1}: ${check.name}` })),
    );
    // The headline order is the one whose region was lost: its timeline shows the attempt that timed out there.
    const main = results[1].last;
    const report: ScenarioReport = {
      ...main,
      scenario: regionFailover.name,
      checks,
      passed: allPassed(checks),
      acts,
    };
    return report;
  },
  exitCode: (report) => (verdictOf(report) === 'FAIL' ? EXIT.failed : EXIT.ok),
};
