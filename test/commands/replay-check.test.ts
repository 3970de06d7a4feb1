// replay-check, the gate before a deployment: recorded histories replayed against workflow code, in-process. The
// recorded scenarios replay against the workflow this CLI deploys; version 2 without a patch is caught at the first
// command it changes, version 2 behind its patch passes; a kept history is found in subfolders too.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { EXIT } from '../../src/domain/errors';
import { packageRoot } from '../../src/processes/server-executables';
import { EncryptionCodec } from '../../src/temporal/encryption-codec';
import { KEY_ENV, KEY_ID_ENV, KeyRing } from '../../src/temporal/encryption-keys';
import { payloadsOf } from '../../src/temporal/replay';
import { historyFromJSON, historyToJSON } from '../../src/temporal/sdk-internals';
import { isolatedEnv, parseJsonOutput } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';
import { useTemporaryFolder } from '../helpers/temporary-folder';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'histories');
const HAPPY_PATH = path.join(FIXTURES, 'happy-path.json');
const VERSION_FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'version-histories');

interface ReplayJson {
  passed: boolean;
  against: string;
  histories: {
    name: string;
    passed: boolean;
    verdict: 'replays' | 'diverges' | 'undecodable';
    undecodable?: string;
    eventCount: number;
    divergence?: { eventId?: number; history?: string; code?: string; message: string };
  }[];
}

describe('order-demo replay-check', () => {
  const temporary = useTemporaryFolder('replay-check');

  it('passes the recorded scenarios against the workflow this CLI deploys: one line per history, exit 0', async () => {
    const result = await runInProcess(['replay-check', FIXTURES]);

    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((line) => /^✓ .*\.json: replays \(\d+ events\)$/.test(line))).to.have.length(
      lines.length - 1,
    );
    expect(lines.at(-1)).to.match(/^PASS all \d+ histories replay against standard$/);
  });

  it('passes the histories the Python sample’s workers wrote', async () => {
    const result = await runInProcess([
      'replay-check',
      path.join(packageRoot(), 'test', 'fixtures', 'python-histories'),
    ]);

    expect(result.code, result.stdout).to.equal(0);
    expect(result.stdout).to.contain('PASS all 2 histories replay against standard');
  });

  it('fails a folder that holds one breaking history, naming it alone', async () => {
    const folder = path.join(temporary(), 'one-breaking');
    mkdirSync(folder);
    cpSync(HAPPY_PATH, path.join(folder, 'happy-path.json'));
    cpSync(path.join(VERSION_FIXTURES, 'v2-patched.json'), path.join(folder, 'started-on-v2-patched.json'));

    const result = await runInProcess(['replay-check', folder]);

    expect(result.code).to.equal(1);
    expect(result.stdout.trim().split('\n')).to.deep.equal([
      `✓ ${folder}/happy-path.json: replays (29 events)`,
      `✗ ${folder}/started-on-v2-patched.json: diverges at event 5: the history holds MarkerRecorded of patch ` +
        '"fraud-check-before-payment", the code made no patched("fraud-check-before-payment") call',
      'FAIL 1 of 2 histories diverges against standard: deploying this code would fail the workflow tasks of runs ' +
        'like them',
    ]);
  });

  it('catches version 2 without a patch at the first command it changes, exit 1', async () => {
    const result = await runInProcess(['replay-check', HAPPY_PATH, '--against', 'v2']);

    expect(result.code).to.equal(1);
    expect(result.stdout).to.contain(
      `✗ ${HAPPY_PATH}: diverges at event 5: the history holds ActivityTaskScheduled process_payment, ` +
        'the code emitted ScheduleActivityTask check_fraud',
    );
    expect(result.stdout).to.match(/FAIL the history diverges against v2: deploying this code would fail/);
  });

  it('passes version 2 behind its patch: the runs that started before it take the old path', async () => {
    const result = await runInProcess([
      'replay-check',
      HAPPY_PATH,
      path.join(FIXTURES, 'checkpoint.json'),
      '--against',
      'v2-patched',
      '--json',
    ]);

    const report = parseJsonOutput<ReplayJson>(result);
    expect(result.code).to.equal(0);
    expect(report.against).to.equal('v2-patched');
    expect(report.histories.every((history) => history.passed)).to.equal(true);
  });

  it('says in JSON where each history diverges, and searches subfolders', async () => {
    const root = path.join(temporary(), 'exports');
    const nested = path.join(root, 'cluster', 'exported');
    mkdirSync(nested, { recursive: true });
    cpSync(HAPPY_PATH, path.join(nested, 'order-1.json'));

    const result = await runInProcess(['replay-check', root, '--against', 'v2-deprecated', '--json']);

    const report = parseJsonOutput<ReplayJson>(result);
    expect(result.code).to.equal(1);
    expect(report.histories).to.have.length(1);
    expect(report.histories[0]).to.deep.include({
      name: path.join(nested, 'order-1.json'),
      passed: false,
      eventCount: 29,
    });
    expect(report.histories[0].divergence).to.deep.include({
      eventId: 5,
      history: 'ActivityTaskScheduled process_payment',
      code: 'emitted ScheduleActivityTask check_fraud',
    });
  });

  describe('a history exported with its payloads encrypted (an --encrypt run shown without the codec)', () => {
    const key = randomBytes(32);
    const keyId = 'ci-key';
    let folder: string;
    let encrypted: string;

    before(async () => {
      folder = path.join(temporary(), 'encrypted-export');
      mkdirSync(folder);
      const history = historyFromJSON(JSON.parse(readFileSync(HAPPY_PATH, 'utf8')));
      const payloads = payloadsOf(history.events);
      const codec = new EncryptionCodec(new KeyRing({ id: keyId, key }, [], 'the test'));
      const sealed = await codec.encode(payloads);
      payloads.forEach((payload, index) => Object.assign(payload, sealed[index]));
      encrypted = path.join(folder, 'order-encrypted.json');
      writeFileSync(encrypted, historyToJSON(history));
      cpSync(HAPPY_PATH, path.join(folder, 'order-plain.json'));
    });

    it('without the key: its own verdict, not a divergence, and its own exit code; one line per history', async () => {
      const result = await runInProcess(['replay-check', folder]);

      expect(result.code, result.stderr).to.equal(EXIT.undecodable);
      const lines = result.stdout.trim().split('\n');
      expect(lines).to.have.length(3);
      expect(lines[0]).to.equal(
        `? ${encrypted}: cannot be decoded: its payloads are encrypted (key "${keyId}") and no key was given: give ` +
          `it with --encryption-key-file FILE or ${KEY_ENV}, or export the history decoded (--codec-endpoint)`,
      );
      expect(lines[1]).to.equal(`✓ ${folder}/order-plain.json: replays (29 events)`);
      expect(lines[2]).to.match(
        /^UNDECIDED 1 of 2 histories cannot be decoded against standard: give the key/,
      );
      expect(result.stdout).not.to.match(/diverges|would fail/);
    });

    it('with the wrong key: cannot be decoded, saying the key is wrong; with a divergence too, exit 1 names both', async () => {
      const wrongKey = isolatedEnv({ [KEY_ENV]: randomBytes(32).toString('base64'), [KEY_ID_ENV]: keyId });
      const wrong = await runInProcess(['replay-check', encrypted, '--json'], wrongKey);
      expect(wrong.code).to.equal(EXIT.undecodable);
      const [verdict] = parseJsonOutput<ReplayJson>(wrong).histories;
      expect(verdict).to.deep.include({ verdict: 'undecodable', passed: false });
      expect(verdict.undecodable).to.match(
        /does not decrypt with the key of that ID given here: the key is wrong/,
      );
      expect(verdict.divergence).to.equal(undefined);

      const both = await runInProcess(['replay-check', folder, '--against', 'v2'], wrongKey);
      expect(both.code).to.equal(EXIT.failed);
      expect(both.stdout).to.match(
        /FAIL 1 of 2 histories diverges, 1 of 2 histories cannot be decoded against v2/,
      );
    });

    it('with the key, in the environment or in a key file, as every command takes it: it replays', async () => {
      const inEnvironment = await runInProcess(
        ['replay-check', folder],
        isolatedEnv({ [KEY_ENV]: key.toString('base64'), [KEY_ID_ENV]: keyId }),
      );
      expect(inEnvironment.code, inEnvironment.stdout).to.equal(0);
      expect(inEnvironment.stdout).to.contain(`✓ ${encrypted}: replays (29 events)`);

      const keyFile = path.join(temporary(), 'keys.txt');
      writeFileSync(keyFile, `${keyId} ${key.toString('base64')}\n`);
      const report = parseJsonOutput<ReplayJson>(
        await runInProcess(['replay-check', folder, '--encryption-key-file', keyFile, '--json']),
      );
      expect(report.passed).to.equal(true);
      expect(report.histories.map((history) => [path.basename(history.name), history.verdict])).to.deep.equal(
        [
          ['order-encrypted.json', 'replays'],
          ['order-plain.json', 'replays'],
        ],
      );
    });
  });
});
