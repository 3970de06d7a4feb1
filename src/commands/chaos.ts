import { commandFor } from '../cli/run-command';
import { chaos } from '../chaos/chaos';
import { chaosPresenter } from '../narration/chaos-report';

export default commandFor(chaos, chaosPresenter, {
  description:
    'Starts pools of activity and workflow workers as child processes and runs orders of every kind (plain, ' +
    'packing, inventory outage, declined card, approved late, never approved), each with its designed outcome. ' +
    'Meanwhile workers are killed with SIGKILL at moments a seeded plan chooses (same --seed, same plan) and ' +
    'replaced, and the embedded server is killed and restarted on its SQLite file. At the end, every order is ' +
    'audited against the server’s history and the ledger of external effects: designed outcome reached, nothing ' +
    'still running, no effect done twice (repeats absorbed by idempotency keys are counted), no process left. ' +
    'Exit 0 only when all of it holds. Orders that end without delivery give back what they took (compensation: ' +
    'release the stock, refund the charge), and the audit checks that none kept either; --no-compensate keeps ' +
    'both, as the sample does, and the audit lists those orders. With --retry-policy sample, the one-attempt ' +
    'payment and reservation of the sample lose the orders whose worker died during those calls: they are listed, ' +
    'with what the ledger says about their charge.',
  examples: [
    '<%= config.bin %> <%= command.id %> --seed 1',
    {
      description: 'The sample’s retry policies: see which orders a crash loses',
      command: '<%= config.bin %> <%= command.id %> --seed 1 --retry-policy sample',
    },
    {
      description: 'Without compensation: see which orders keep the customer’s money',
      command: '<%= config.bin %> <%= command.id %> --seed 1 --no-compensate',
    },
    {
      description: 'A small plan, kept for inspection',
      command:
        '<%= config.bin %> <%= command.id %> --orders 20 --kill-activity-workers 4 --kill-workflow-workers 1 --keep-ledger ./chaos-run',
    },
    { description: 'For CI', command: '<%= config.bin %> <%= command.id %> --seed 7 --json > chaos.json' },
  ],
});
