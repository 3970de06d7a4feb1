import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { historyFailover } from '../scenarios/history-failover';

export default commandFor(historyFailover, scenarioPresenter, {
  description:
    'Runs on the cluster it starts (--server cluster): two history hosts share the history shards, and the one that ' +
    'owns the order’s shard is killed with SIGKILL mid-order. The database’s shards table shows the other host ' +
    'take each of its shards with a higher range_id; the order completes; the host is started again and the shards ' +
    'rebalance back. Checks from the history: nothing lost, each activity scheduled once, the timer started once; ' +
    'and the ledger.',
  examples: [
    {
      description: 'Kill the history host while packing is in flight',
      command: '<%= config.bin %> <%= command.id %> --server cluster',
    },
    {
      description: 'Kill it while the workflow waits on its approval timer, ten times faster',
      command: '<%= config.bin %> <%= command.id %> --server cluster --moment approval-timer --speed 10',
    },
  ],
});
