import { Args, Flags } from '@oclif/core';
import { Chalk } from 'chalk';
import { BaseCommand } from '../cli/base-command';
import { EXIT } from '../domain/errors';
import { replaySummary, verdictLine } from '../narration/replay-report';
import { historyFiles, readHistoryFile, replayHistories } from '../temporal/replay';
import { WORKFLOW_VARIANTS } from '../temporal/workflow-bundle';

export default class ReplayCheck extends BaseCommand<typeof ReplayCheck> {
  static override summary =
    'Replay recorded histories against the workflow code: one line per history, exit 1 if any diverges.';
  static override description =
    'The check to run in CI before deploying new workflow code: every history in these folders (and their ' +
    'subfolders) is replayed against the code, as a worker replays a run it has not cached. A history passes when ' +
    'the code makes the same decisions the history records; otherwise the line says where it diverges — the event, ' +
    'what the history holds there, what the code emitted — and a deployment of that code would fail the workflow ' +
    'tasks of runs like it (the non-determinism error of the versioning scenario). Histories are JSON as ' +
    '`temporal workflow show --output json` writes them, so histories exported from any cluster serve, and so do ' +
    'those that --keep-histories writes. --against chooses the code: the workflow this CLI deploys (the sample’s), ' +
    'or one of the versions of the versioning scenario.';
  static override examples = [
    {
      description: 'Keep the histories of a run, then check the current workflow code against them',
      command:
        '<%= config.bin %> all --speed 10 --keep-histories ./histories && <%= config.bin %> <%= command.id %> ./histories',
    },
    {
      description: 'What a deployment of version 2 without a patch would do to those runs',
      command: '<%= config.bin %> <%= command.id %> ./histories --against v2',
    },
    {
      description: 'A history exported from a cluster',
      command:
        'temporal workflow show --workflow-id order-order-1-1795625955 --output json > h/order-1.json && <%= config.bin %> <%= command.id %> h',
    },
  ];
  static override strict = false;
  static override args = {
    dir: Args.string({
      required: true,
      description: 'Folders of histories (*.json, subfolders too), or history files; as many as you like.',
    }),
  };
  static override flags = {
    against: Flags.option({
      options: WORKFLOW_VARIANTS,
      default: 'standard' as const,
      description:
        'The workflow code to replay against. standard: OrderWorkflow as this CLI deploys it (the sample’s). ' +
        'with-injected-bug: with the bug of workflow-bug. v2: the versioning scenario’s version 2, a fraud check ' +
        'before payment, unpatched; v2-patched: the same behind patched(); v2-deprecated: with the patch deprecated.',
    })(),
  };

  async run() {
    const histories = await Promise.all((await historyFiles(this.positionals)).map(readHistoryFile));
    const verdicts = await replayHistories(histories, this.flags.against);
    const passed = verdicts.every((verdict) => verdict.passed);
    process.exitCode = passed ? EXIT.ok : EXIT.failed;
    if (!this.jsonEnabled()) {
      const c = new Chalk({ level: this.useColor ? 1 : 0 });
      for (const verdict of verdicts) this.log(verdictLine(verdict, c));
      this.log(
        passed
          ? `${c.green.bold('PASS')} ${replaySummary(verdicts)} against ${this.flags.against}`
          : `${c.red.bold('FAIL')} ${replaySummary(verdicts)} against ${this.flags.against}: ` +
              'deploying this code would fail the workflow tasks of runs like them',
      );
    }
    return { passed, against: this.flags.against, histories: verdicts };
  }
}
