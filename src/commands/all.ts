import { Flags } from '@oclif/core';
import { historiesFolder } from '../cli/files';
import {
  junitFileFlag,
  keepHistoriesFlag,
  keepLedgerFlag,
  reportFolderFlag,
  timelineFlag,
} from '../cli/flags';
import { RunAllCommand } from '../cli/run-all';
import { sharedRunFlags } from '../cli/run-command';
import { SCENARIO_NAMES, scenariosNamed } from '../scenarios/catalog';

export default class All extends RunAllCommand {
  static override summary =
    'Every scenario in turn on one server, a summary table, exit 1 if any check fails.';
  static override description =
    `The smoke test: ${SCENARIO_NAMES.slice(0, -1).join(', ')} and ${SCENARIO_NAMES.at(-1)}, each verified ` +
    'against the server, on one embedded server (or the one --address names). A scenario that cannot run on ' +
    'that server is skipped, with the reason.';
  static override examples = [
    {
      description: 'Everything, ten times faster (about a minute)',
      command: '<%= config.bin %> <%= command.id %> --speed 10',
    },
    { description: 'For CI', command: '<%= config.bin %> <%= command.id %> --speed 10 --json > report.json' },
    {
      description: "Against a server of your own, with a JUnit report for CI's test results",
      command: '<%= config.bin %> <%= command.id %> --address localhost:7233 --speed 10 --junit report.xml',
    },
    {
      description: 'Two of them',
      command: '<%= config.bin %> <%= command.id %> --only happy-path,checkpoint',
    },
  ];
  static override flags = {
    only: Flags.custom({
      description: `Comma-separated scenarios to run: ${SCENARIO_NAMES.join(', ')}.`,
      parse: async (input) => scenariosNamed(input),
    })(),
    'save-histories': Flags.custom<string>({
      helpValue: 'DIR',
      description:
        "Write the history of each scenario's order as JSON into this folder, one file named after the scenario " +
        '(the replay tests’ fixtures), created if missing. --keep-histories keeps every workflow run instead. ' +
        'With --encrypt, the histories hold the orders decrypted, and are written readable by you only.',
      parse: historiesFolder,
    })(),
    ...sharedRunFlags,
    ...timelineFlag,
    ...keepLedgerFlag,
    ...keepHistoriesFlag,
    ...reportFolderFlag,
    ...junitFileFlag,
  };
}
