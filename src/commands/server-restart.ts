import { commandFor } from '../cli/run-command';
import { scenarioPresenter } from '../narration/scenario-report';
import { serverRestart } from '../scenarios/server-restart';

export default commandFor(serverRestart, scenarioPresenter, {
  description:
    'Starts the embedded dev server with its state in a SQLite file (journal_mode=wal, synchronous=full), kills ' +
    'it with SIGKILL while pack_order_items is in flight and again while the order waits for approval, and ' +
    'starts it again on the same port and file each time. Verified from the history read after the restarts: ' +
    'every event from before the crash is there, each activity was scheduled once, the timer was started once ' +
    '(and, with --approve none, fired once at its deadline), the result; and from the ledger. Needs the embedded ' +
    'dev server: with --address it refuses (exit 2).',
  examples: [
    '<%= config.bin %> <%= command.id %>',
    { description: 'Ten times faster', command: '<%= config.bin %> <%= command.id %> --speed 10' },
    {
      description: 'Nobody approves: the timer started before the crash fires at its original deadline',
      command: '<%= config.bin %> <%= command.id %> --approve none',
    },
  ],
});
