import { commandFor } from '../cli/run-command';
import { bench } from '../bench/bench';
import { benchPresenter } from '../narration/bench-report';

export default commandFor(bench, benchPresenter, {
  description:
    'Runs --warmup and then --orders orders through OrderWorkflow and its activities at --speed (100: about ' +
    '10 ms per activity), --concurrency of them in flight at once, each approved with its start ' +
    '(signal-with-start). Reports orders per second over the measured window (at least 20 orders over 1 s; a ' +
    'shorter window prints n/a and why), latency from start to result, ' +
    'activity tasks per second, and the CPU and peak memory of the server and the workers. Every order must end ' +
    '"Order fulfilled" (exit 1 otherwise, naming the others). On the embedded dev server by default, tuned (see ' +
    'docs/performance.md), with one worker process for workflows and activities; --sdk-defaults runs ' +
    'the same load on the dev server’s own settings.',
  examples: [
    '<%= config.bin %> <%= command.id %>',
    { description: 'Workers in this process', command: '<%= config.bin %> <%= command.id %> --in-process' },
    {
      description: 'Workflow and activity workers apart, as in the sample',
      command: '<%= config.bin %> <%= command.id %> --placement split',
    },
    {
      description: 'How it scales with worker processes',
      command: '<%= config.bin %> <%= command.id %> --compare-workers 1,2,4',
    },
    {
      description: 'Against a cluster, for a script',
      command: '<%= config.bin %> <%= command.id %> --address my-cluster:7233 --namespace bench --json',
    },
  ],
});
