import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { versioning } from '../scenarios/versioning/scenario';

export default commandFor(versioning, scenarioPresenter, {
  description:
    'Version 1 is the sample’s workflow; version 2 adds a fraud check before payment. Act 1 deploys version 2 over ' +
    'orders in flight: its worker fails their workflow tasks with a non-determinism error (shown from the ' +
    'history, and explained), they stay open with all they did, new orders run on version 2, and with version 1 ' +
    'back the stuck orders finish in the same runs. Act 2 deploys version 2 behind patched(): orders in flight ' +
    'keep the old path, new ones record the patch marker; then deprecatePatch() and the removal of the branch, ' +
    'each step let through by a replay of the orders’ histories against the next code. Act 3 uses Worker ' +
    'Versioning: each version its own workers in a Worker Deployment, orders pinned to the version they started ' +
    'on, version 1 drained, then stopped (skipped, with the reason, on a server without it). Every claim is ' +
    'checked against the server: events, describe(), the Worker Deployment API, the ledger.',
  examples: [
    '<%= config.bin %> <%= command.id %> --speed 10',
    {
      description: 'Keep every order’s history, then see which of them version 2 without a patch would break',
      command:
        '<%= config.bin %> <%= command.id %> --speed 10 --keep-histories ./h && <%= config.bin %> replay-check ./h --against v2',
    },
  ],
});
