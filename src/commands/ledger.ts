import path from 'node:path';
import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { EXIT } from '../domain/errors';
import { renderLedger } from '../narration/ledger-table';
import { readKeptLedger } from '../runs/run-ledger';
import { LEDGER_FILE } from '../services/ledger';
import { auditLedger, ledgerByOrder } from '../verification/ledger-checks';

export default class LedgerCommand extends BaseCommand<typeof LedgerCommand> {
  static override summary =
    'Print the ledger of external effects a run kept: per order, each effect and the repeats absorbed.';
  static override description =
    'The simulated payment gateway, inventory service, warehouse and courier record every effect once per ' +
    'idempotency key, and every repeated call (a retried activity) as absorbed. A scenario keeps its ledger with ' +
    '--keep-ledger DIR, a worker writes one with `worker activity --ledger DIR`. Exits 1 if the ledger holds a ' +
    'duplicate effect: the same charge, reservation, slip, packed item or delivery under two keys.';
  static override examples = [
    {
      description: 'Keep the ledger of the checkpoint scenario, then read it',
      command:
        '<%= config.bin %> checkpoint --speed 10 --keep-ledger ./run && <%= config.bin %> <%= command.id %> ./run',
    },
    { description: 'As one JSON object', command: '<%= config.bin %> <%= command.id %> ./run --json' },
  ];
  static override args = {
    dir: Args.string({ description: `Folder holding ${LEDGER_FILE} [default: the current folder].` }),
  };

  async run() {
    const folder = path.resolve(this.args.dir ?? '.');
    const keepOne = `${this.config.bin} happy-path --keep-ledger ${folder}`;
    const { file, orders, audit } = readKeptLedger(folder, keepOne, (ledger) => ({
      file: ledger.file,
      orders: ledgerByOrder(ledger),
      audit: auditLedger(ledger),
    }));
    this.exitCode = audit.duplicateEffects.length === 0 ? EXIT.ok : EXIT.failed;
    if (!this.jsonEnabled()) this.log(renderLedger(file, orders, audit, this.useColor));
    return { file, orders, audit };
  }
}
