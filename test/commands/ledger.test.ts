// `order-demo ledger [DIR]`, in-process, on ledgers written here; and --keep-ledger refused before anything starts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Effect } from '../../src/services/effects';
import { Ledger, LEDGER_FILE } from '../../src/services/ledger';
import type { LedgerAudit, OrderLedger } from '../../src/verification/ledger-checks';
import { expectError, parseJsonOutput } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';

const WORKFLOW_ID = 'order-checkpoint-demo-1767225600';

function effect(overrides: Partial<Effect> & Pick<Effect, 'key' | 'service' | 'action'>): Effect {
  return {
    workflowId: WORKFLOW_ID,
    orderId: 'checkpoint-demo',
    result: 'done',
    attempt: 1,
    worker: 'order-demo-activity@host:4242',
    ...overrides,
  };
}

describe('order-demo ledger', () => {
  let folder: string;

  beforeEach(() => {
    folder = makeTemporaryFolder('ledger-command');
  });

  afterEach(() => {
    removeTemporaryFolder(folder);
  });

  function writeLedger(effects: Effect[]): void {
    const ledger = Ledger.open(folder);
    try {
      for (const each of effects) ledger.record(each);
    } finally {
      ledger.close();
    }
  }

  const packedTwice: Effect[] = [
    effect({ key: `${WORKFLOW_ID}/1`, service: 'payment', action: 'charge', result: 'Payment processed' }),
    effect({
      key: `${WORKFLOW_ID}/3`,
      service: 'warehouse',
      action: 'open-slip',
      orderId: undefined,
      subject: 'SLIP-1A2B3C4D',
      result: 'SLIP-1A2B3C4D',
    }),
    effect({
      key: 'SLIP-1A2B3C4D/SKU-003',
      service: 'warehouse',
      action: 'pack',
      orderId: undefined,
      subject: 'SKU-003',
    }),
    effect({
      key: 'SLIP-1A2B3C4D/SKU-003',
      service: 'warehouse',
      action: 'pack',
      orderId: undefined,
      subject: 'SKU-003',
      attempt: 2,
    }),
  ];

  it('prints each order with its effects, the repeats absorbed and the audit', async () => {
    writeLedger(packedTwice);

    const result = await runInProcess(['ledger', folder]);

    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain(`Ledger ${path.join(folder, LEDGER_FILE)}: 3 effects of 1 order`);
    expect(result.stdout).to.contain(`Workflow ${WORKFLOW_ID} — order checkpoint-demo`);
    expect(result.stdout).to.match(/payment charge\s+│ Payment processed/);
    expect(result.stdout).to.contain('Repeated calls absorbed (no second effect): 1');
    expect(result.stdout).to.contain('SLIP-1A2B3C4D/SKU-003');
    expect(result.stdout).to.contain('3 effects, 1 repeated call absorbed, no duplicate effect.');
  });

  it('gives one JSON object with --json', async () => {
    writeLedger(packedTwice);

    const result = await runInProcess(['ledger', folder, '--json']);
    const json = parseJsonOutput<{ file: string; orders: OrderLedger[]; audit: LedgerAudit }>(result);

    expect(result.code).to.equal(0);
    expect(json.file).to.equal(path.join(folder, LEDGER_FILE));
    expect(json.orders).to.have.length(1);
    expect(json.orders[0].effects.map((each) => each.key)).to.deep.equal([
      `${WORKFLOW_ID}/1`,
      `${WORKFLOW_ID}/3`,
      'SLIP-1A2B3C4D/SKU-003',
    ]);
    expect(json.orders[0].absorbedDuplicates.map((duplicate) => duplicate.attempt)).to.deep.equal([2]);
    expect(json.audit).to.deep.equal({
      effects: 3,
      byAction: { charge: 1, 'open-slip': 1, pack: 1 },
      duplicateEffects: [],
      absorbedDuplicates: [
        { key: 'SLIP-1A2B3C4D/SKU-003', workflowId: WORKFLOW_ID, action: 'pack', count: 1 },
      ],
    });
  });

  it('names, beside a refund, the charge it gives back', async () => {
    writeLedger([
      effect({ key: `${WORKFLOW_ID}/1`, service: 'payment', action: 'charge', result: 'Payment processed' }),
      effect({
        key: `${WORKFLOW_ID}/4`,
        service: 'payment',
        action: 'refund',
        subject: `${WORKFLOW_ID}/1`,
        result: 'Payment refunded',
      }),
    ]);
    const result = await runInProcess(['ledger', folder]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/#2\s+│ payment refund of\s+│ Payment refunded/);
  });

  it('reads the current folder by default', async () => {
    writeLedger(packedTwice);
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      const result = await runInProcess(['ledger', '--json']);
      expect(result.code, result.stderr).to.equal(0);
      expect(parseJsonOutput<{ file: string }>(result).file).to.equal(path.join(folder, LEDGER_FILE));
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 1 and names the keys when the same effect is recorded under two keys', async () => {
    writeLedger([
      effect({ key: `${WORKFLOW_ID}/1`, service: 'payment', action: 'charge' }),
      effect({ key: `${WORKFLOW_ID}/5`, service: 'payment', action: 'charge' }),
    ]);

    const result = await runInProcess(['ledger', folder]);

    expect(result.code).to.equal(1);
    expect(result.stdout).to.contain(
      `${WORKFLOW_ID}: charge recorded under 2 keys: ${WORKFLOW_ID}/1, ${WORKFLOW_ID}/5`,
    );
  });

  it('says there is no ledger, and how to keep one, with exit 2', async () => {
    const result = await runInProcess(['ledger', folder]);
    expectError(
      result,
      2,
      /^Error: no ledger in .* \(no ledger\.sqlite\): run a scenario with --keep-ledger, e\.g\. /,
    );
  });

  it('says so, with exit 1, when a writer holds the ledger longer than a reader waits', async function () {
    this.timeout(20_000);
    writeLedger(packedTwice);
    // An exclusive lock that even a reader of a WAL database must wait for, held past the reader's wait.
    const writer = new Database(path.join(folder, LEDGER_FILE));
    writer.pragma('locking_mode = EXCLUSIVE');
    writer.exec(
      `BEGIN EXCLUSIVE; INSERT INTO absorbed_duplicates (idempotency_key, attempt, worker, recorded_at) VALUES ('${WORKFLOW_ID}/1', 2, 'w', 'now')`,
    );
    try {
      const result = await runInProcess(['ledger', folder]);
      expectError(
        result,
        1,
        /^Error: .*ledger\.sqlite stayed locked by a writer for 5s, longer than a worker ever holds it: try again/,
      );
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('reads while a worker holds the write lock, without taking it or waiting for it', async () => {
    writeLedger(packedTwice);
    const writer = new Database(path.join(folder, LEDGER_FILE));
    writer.exec(
      `BEGIN IMMEDIATE; INSERT INTO absorbed_duplicates (idempotency_key, attempt, worker, recorded_at) VALUES ('${WORKFLOW_ID}/1', 2, 'w', 'now')`,
    );
    try {
      const startedAt = Date.now();
      const result = await runInProcess(['ledger', folder, '--json']);
      expect(result.stderr).to.equal('');
      expect(parseJsonOutput<{ orders: OrderLedger[] }>(result).orders).to.have.length(1);
      // A reader that took the lock would wait out its busy timeout (30 s) behind the writer.
      expect(Date.now() - startedAt).to.be.below(10_000);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('refuses a file that is not a ledger with exit 2', async () => {
    writeFileSync(
      path.join(folder, LEDGER_FILE),
      'not a database, just text that is long enough to have a header',
    );
    const result = await runInProcess(['ledger', folder]);
    expectError(result, 2, /ledger\.sqlite is not a readable ledger: /);
  });

  it('--keep-ledger and worker --ledger refuse a folder that cannot be made, before anything starts', async () => {
    const file = path.join(folder, 'a-file');
    writeFileSync(file, '');
    const commands = [
      ['happy-path', '--keep-ledger'],
      ['worker', 'activity', '--ledger'],
    ];
    for (const command of commands) {
      const result = await runInProcess([...command, path.join(file, 'ledger')]);
      const flag = command.at(-1);
      expectError(
        result,
        2,
        new RegExp(`^Error: ${flag}: cannot write a ledger into .*a-file.* \\((EEXIST|ENOTDIR): `),
      );
      expect(result.stdout).to.equal('');
    }
  });

  it('worker activity --ledger refuses a file that is not a ledger, before joining a server', async () => {
    writeFileSync(
      path.join(folder, LEDGER_FILE),
      'not a database, just text that is long enough to have a header',
    );
    const result = await runInProcess(['worker', 'activity', '--ledger', folder]);
    expectError(result, 2, /^Error: cannot keep a ledger in .* \(file is not a database\)$/);
  });
});
