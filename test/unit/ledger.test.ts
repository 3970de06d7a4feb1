// The ledger of external effects: one effect per idempotency key, repeats absorbed with the original answer; and
// what the store must survive: writers in several processes at once, and a writer killed in the middle of a write.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Effect } from '../../src/services/effects';
import { withTemporaryLedger } from '../helpers/temporary-ledger';
import { Ledger, LEDGER_FILE } from '../../src/services/ledger';
import { packageRoot } from '../../src/processes/server-executables';
import { auditLedger } from '../../src/verification/ledger-checks';

const LEDGER_MODULE = path.join(packageRoot(), 'dist', 'src', 'services', 'ledger.js');

function charge(key: string, overrides: Partial<Effect> = {}): Effect {
  return {
    key,
    service: 'payment',
    action: 'charge',
    workflowId: `wf-${key}`,
    orderId: `order-${key}`,
    result: `charged ${key}`,
    attempt: 1,
    worker: 'test',
    ...overrides,
  };
}

/**
 * A writer in its own process: opens the ledger in `folder`, says "ready", and on "go" (stdin) records a charge for
 * each key (`prefix` + number, from `first`, `count` of them or for ever if 0), printing "wrote <n>" every 10.
 */
const WRITER = `
const [ledgerModule, folder, worker, prefix, first, count] = process.argv.slice(1);
const { Ledger } = require(ledgerModule);
const ledger = Ledger.open(folder);
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  for (let n = 0; Number(count) === 0 || n < Number(count); n++) {
    const key = prefix + (Number(first) + n);
    ledger.record({ key, service: 'payment', action: 'charge', workflowId: 'wf-' + key, orderId: 'order-' + key,
      result: 'charged ' + key, attempt: 1, worker });
    if ((n + 1) % 10 === 0) process.stdout.write('wrote ' + (n + 1) + '\\n');
  }
  ledger.close();
  process.stdin.destroy();
});
`;

/** Writer processes not yet ended: those a failed test left are killed after it. */
const liveWriters = new Set<Writer>();

class Writer {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(folder: string, worker: string, prefix: string, first: number, count: number) {
    this.child = spawn(
      process.execPath,
      ['-e', WRITER, LEDGER_MODULE, folder, worker, prefix, String(first), String(count)],
      { stdio: 'pipe' },
    );
    this.child.stdout.on('data', (chunk) => (this.stdout += chunk));
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => resolve({ code, signal })),
    );
    liveWriters.add(this);
    this.exited.then(
      () => liveWriters.delete(this),
      () => liveWriters.delete(this),
    );
  }

  async until(pattern: RegExp): Promise<void> {
    while (!pattern.test(this.stdout)) {
      if (this.child.exitCode !== null) throw new Error(`writer exited early: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  go(): void {
    this.child.stdin.write('go\n');
  }
}

describe('Ledger', () => {
  const temporary = withTemporaryLedger();
  let folder: string;
  let ledger: Ledger;
  beforeEach(() => {
    folder = temporary.folder();
    ledger = temporary.current();
  });

  it('creates its file in WAL mode with full sync', () => {
    const db = new Database(path.join(folder, LEDGER_FILE), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
    } finally {
      db.close();
    }
    // synchronous is per connection: read it on the ledger's own.
    expect(ledger['db'].pragma('synchronous', { simple: true })).to.equal(2);
  });

  it('records a key once: the repeat is an absorbed duplicate, answered with the original result', () => {
    const first = ledger.record(charge('k1'));
    const repeat = ledger.record(charge('k1', { result: 'charged again', attempt: 2, worker: 'other' }));

    expect(first).to.deep.equal({ result: 'charged k1', absorbed: false });
    expect(repeat).to.deep.equal({ result: 'charged k1', absorbed: true });
    const effects = ledger.effects();
    expect(effects).to.have.length(1);
    expect(effects[0]).to.deep.include({ key: 'k1', result: 'charged k1', attempt: 1, worker: 'test' });
    const duplicates = ledger.absorbedDuplicates();
    expect(duplicates).to.have.length(1);
    expect(duplicates[0]).to.deep.include({ key: 'k1', attempt: 2, worker: 'other' });
    expect(duplicates[0].effect.id).to.equal(effects[0].id);
  });

  it('reads one workflow, and keeps an effect without order or subject without them', () => {
    ledger.record(charge('a'));
    ledger.record({
      key: 'SLIP-1/SKU-001',
      service: 'warehouse',
      action: 'pack',
      workflowId: 'wf-a',
      subject: 'SKU-001',
      result: 'packed',
      attempt: 1,
      worker: 'w',
    });
    ledger.record(charge('b'));

    expect(ledger.effects({ workflowId: 'wf-a' }).map((effect) => effect.key)).to.deep.equal([
      'a',
      'SLIP-1/SKU-001',
    ]);
    const [packed] = ledger.effects({ workflowId: 'wf-a' }).filter((effect) => effect.action === 'pack');
    expect(packed.orderId).to.equal(undefined);
    expect(packed.subject).to.equal('SKU-001');
    expect(ledger.effects({ workflowId: 'wf-none' })).to.deep.equal([]);
  });

  it('reopens with what was recorded', () => {
    ledger.record(charge('kept'));
    ledger.close();
    ledger = Ledger.open(folder);
    expect(ledger.effects().map((effect) => effect.key)).to.deep.equal(['kept']);
    expect(Ledger.openToRead(path.join(folder, 'nothing-here'))).to.equal(undefined);
  });

  describe('audit', () => {
    it('finds the same business effect under two keys, which the UNIQUE key cannot rule out', () => {
      ledger.record(charge('wf-1/1', { workflowId: 'wf-1' }));
      ledger.record(charge('wf-1/7', { workflowId: 'wf-1' }));
      const pack = (key: string, subject: string): Effect => ({
        key,
        service: 'warehouse',
        action: 'pack',
        workflowId: 'wf-2',
        subject,
        result: `${subject} packed`,
        attempt: 1,
        worker: 'w',
      });
      ledger.record(pack('SLIP-A/SKU-001', 'SKU-001'));
      ledger.record(pack('SLIP-B/SKU-001', 'SKU-001'));
      ledger.record(pack('SLIP-A/SKU-002', 'SKU-002'));
      ledger.record(charge('wf-3/1', { workflowId: 'wf-3' }));
      ledger.record(charge('wf-3/1', { workflowId: 'wf-3', attempt: 2 }));
      ledger.record(charge('wf-3/1', { workflowId: 'wf-3', attempt: 3 }));

      const audit = auditLedger(ledger);

      expect(audit.effects).to.equal(6);
      expect(audit.duplicateEffects).to.deep.equal([
        { workflowId: 'wf-1', action: 'charge', keys: ['wf-1/1', 'wf-1/7'] },
        {
          workflowId: 'wf-2',
          action: 'pack',
          subject: 'SKU-001',
          keys: ['SLIP-A/SKU-001', 'SLIP-B/SKU-001'],
        },
      ]);
      expect(audit.absorbedDuplicates).to.deep.equal([
        { key: 'wf-3/1', workflowId: 'wf-3', action: 'charge', count: 2 },
      ]);
    });

    it('finds nothing wrong in a ledger of distinct effects', () => {
      ledger.record(charge('wf-1/1', { workflowId: 'wf-1' }));
      ledger.record({ ...charge('wf-1/2', { workflowId: 'wf-1' }), service: 'inventory', action: 'reserve' });
      expect(auditLedger(ledger)).to.deep.equal({
        effects: 2,
        byAction: { charge: 1, reserve: 1 },
        duplicateEffects: [],
        absorbedDuplicates: [],
      });
    });
  });

  describe('across processes', function () {
    this.timeout(60_000);

    afterEach(async () => {
      for (const writer of liveWriters) writer.child.kill('SIGKILL');
      await Promise.all([...liveWriters].map((writer) => writer.exited));
    });

    it('takes concurrent writers from two processes: no lost write, each key once, no SQLITE_BUSY', async () => {
      // A fresh folder: both processes also create the file and its schema at the same moment.
      const shared = path.join(folder, 'shared');
      const writers = [new Writer(shared, 'A', 'k', 0, 300), new Writer(shared, 'B', 'k', 150, 300)];
      await Promise.all(writers.map((writer) => writer.until(/ready/)));
      for (const writer of writers) writer.go();
      const exits = await Promise.all(writers.map((writer) => writer.exited));

      expect(exits, writers.map((writer) => writer.stderr).join('\n')).to.deep.equal([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
      const ledgerOfBoth = Ledger.open(shared);
      try {
        const keys = ledgerOfBoth.effects().map((effect) => effect.key);
        expect(keys).to.have.length(450);
        expect(new Set(keys)).to.deep.equal(new Set(Array.from({ length: 450 }, (_, n) => `k${n}`)));
        // The overlap (k150…k299) was written by both: each key once as an effect, once as an absorbed repeat.
        const absorbed = ledgerOfBoth.absorbedDuplicates().map((duplicate) => duplicate.key);
        expect(new Set(absorbed)).to.deep.equal(
          new Set(Array.from({ length: 150 }, (_, n) => `k${150 + n}`)),
        );
        expect(absorbed).to.have.length(150);
      } finally {
        ledgerOfBoth.close();
      }
    });

    it('stays readable, whole and writable after writers are SIGKILLed mid-write', async () => {
      const killed = path.join(folder, 'killed');
      for (const round of [1, 2, 3]) {
        const writer = new Writer(killed, `doomed-${round}`, `r${round}-`, 0, 0);
        await writer.until(/ready/);
        writer.go();
        await writer.until(new RegExp(`wrote ${20 * round}\\b`));
        writer.child.kill('SIGKILL');
        expect((await writer.exited).signal).to.equal('SIGKILL');
      }

      const db = new Database(path.join(killed, LEDGER_FILE));
      try {
        expect(db.pragma('integrity_check', { simple: true })).to.equal('ok');
      } finally {
        db.close();
      }
      const survivor = Ledger.open(killed);
      try {
        const effects = survivor.effects();
        for (const round of [1, 2, 3]) {
          const keys = effects
            .filter((effect) => effect.worker === `doomed-${round}`)
            .map((effect) => effect.key);
          // Every committed record is whole, and the writer lost nothing before the last one it committed.
          expect(keys.length).to.be.at.least(20 * round);
          expect(keys).to.deep.equal(Array.from({ length: keys.length }, (_, n) => `r${round}-${n}`));
        }
        for (const effect of effects) {
          expect(effect.result).to.equal(`charged ${effect.key}`);
          expect(effect.workflowId).to.equal(`wf-${effect.key}`);
        }
        expect(survivor.record(charge('after-the-crash'))).to.deep.equal({
          result: 'charged after-the-crash',
          absorbed: false,
        });
        expect(survivor.record(charge('r1-0', { attempt: 2 }))).to.deep.equal({
          result: 'charged r1-0',
          absorbed: true,
        });
      } finally {
        survivor.close();
      }
    });
  });
});
