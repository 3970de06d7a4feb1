import path from 'node:path';
import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { EXIT, InvalidInputError } from '../domain/errors';
import { renderLedger } from '../narration/ledger-table';
import { isBusy, Ledger, LEDGER_FILE, READ_BUSY_TIMEOUT_MS } from '../services/ledger';
import { auditLedger, ledgerByOrder } from '../verification/ledger-checks';

/** A writer held the ledger past a reader's wait: not bad input (exit 1), and worth another try. */
function lockedTooLong(file: string): Error {
  return new Error(
    `${file} stayed locked by a writer for ${READ_BUSY_TIMEOUT_MS / 1000}s, longer than a worker ever holds it: ` +
      'try again, or once the run that writes it has ended',
  );
}

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
    const ledger = this.open(folder);
    try {
      const orders = ledgerByOrder(ledger);
      const audit = auditLedger(ledger);
      process.exitCode = audit.duplicateEffects.length === 0 ? EXIT.ok : EXIT.failed;
      if (!this.jsonEnabled()) this.log(renderLedger(ledger.file, orders, audit, this.useColor));
      return { file: ledger.file, orders, audit };
    } catch (error) {
      throw isBusy(error) ? lockedTooLong(ledger.file) : error;
    } finally {
      ledger.close();
    }
  }

  private open(folder: string): Ledger {
    let ledger: Ledger | undefined;
    try {
      ledger = Ledger.openToRead(folder);
    } catch (error) {
      const file = path.join(folder, LEDGER_FILE);
      if (isBusy(error)) throw lockedTooLong(file);
      throw new InvalidInputError(`${file} is not a readable ledger: ${(error as Error).message}`);
    }
    if (!ledger) {
      throw new InvalidInputError(
        `no ledger in ${folder} (no ${LEDGER_FILE}): run a scenario with --keep-ledger, e.g. ` +
          `${this.config.bin} happy-path --keep-ledger ${folder}`,
      );
    }
    return ledger;
  }
}
