import { Args, Flags } from '@oclif/core';
import { Chalk } from 'chalk';
import { BaseCommand } from '../cli/base-command';
import { decryptionKeyFileFlag } from '../cli/flags';
import { EXIT } from '../domain/errors';
import { verdictKind } from '../domain/replay-verdict';
import { replaySummary, verdictLine } from '../narration/replay-report';
import { givenKeyRing, KEY_ENV } from '../temporal/encryption-keys';
import { historyFiles, readHistoryFile, replayHistories } from '../temporal/replay';
import { WORKFLOW_VARIANTS } from '../workflows/variants';

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
    'or one of the versions of the versioning scenario. A history exported with its payloads encrypted (an ' +
    '--encrypt run shown without --codec-endpoint) is decrypted with --encryption-key-file or ' +
    `${KEY_ENV}; without the key, or with the wrong one, it cannot be decoded: its line says so, and it is no ` +
    'verdict on the code. Exit 0: every history replays; 1: one diverges; 4: none diverges, but one cannot be ' +
    'decoded; 2: nothing to replay.';
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
    ...decryptionKeyFileFlag,
  };

  async run() {
    const keys = givenKeyRing(this.flags['encryption-key-file']);
    const histories = await Promise.all((await historyFiles(this.positionals)).map(readHistoryFile));
    const verdicts = await replayHistories(histories, this.flags.against, keys);
    const kinds = verdicts.map(verdictKind);
    const passed = kinds.every((kind) => kind === 'replays');
    const diverges = kinds.includes('diverges');
    this.exitCode = passed ? EXIT.ok : diverges ? EXIT.failed : EXIT.undecodable;
    if (!this.jsonEnabled()) {
      const c = new Chalk({ level: this.useColor ? 1 : 0 });
      for (const verdict of verdicts) this.log(verdictLine(verdict, c));
      const summary = `${replaySummary(verdicts)} against ${this.flags.against}`;
      this.log(
        passed
          ? `${c.green.bold('PASS')} ${summary}`
          : diverges
            ? `${c.red.bold('FAIL')} ${summary}: deploying this code would fail the workflow tasks of runs like them`
            : `${c.yellow.bold('UNDECIDED')} ${summary}: give the key they were encrypted with, or export them ` +
              'decoded; the code was not tried on them',
      );
    }
    return {
      passed,
      against: this.flags.against,
      histories: verdicts.map((verdict, index) => ({ ...verdict, verdict: kinds[index] })),
    };
  }
}
