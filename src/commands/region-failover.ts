import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { regionFailover } from '../scenarios/region-failover/scenario';

export default commandFor(regionFailover, scenarioPresenter, {
  description:
    'Runs on the two regions it starts (--server regions): region-a’s workers run as processes of their own, ' +
    'region-b’s in this one. Act 1: two orders in flight in region-a (one packing, one on its approval timer) are ' +
    'handed over to region-b by Temporal Server’s namespace-handover workflow and complete there. Act 2: the ' +
    'namespace back in region-a, an order packs there while the link between the regions is cut, then every ' +
    'process of region-a is SIGKILLed; a forced failover makes region-b active, which redoes what it had not ' +
    'received, and the order completes there; region-a comes back and converges. Act 3: the link between the ' +
    'regions cut (a black hole, then refused) while an order runs in region-b; region-a falls behind and catches ' +
    'up once the link heals. Checks from both regions: who ' +
    'wrote each event (its failover version), both copies of each history equal event by event; and the ledger.',
  examples: [
    {
      description: 'Both acts, ten times faster',
      command: '<%= config.bin %> <%= command.id %> --server regions --speed 10',
    },
  ],
});
