// --encrypt's key input, refused before anything starts: one clear line, exit 2.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectError, isolatedEnv } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';
import { useTemporaryFolder } from '../helpers/temporary-folder';

describe('--encrypt key input', () => {
  const folder = useTemporaryFolder('keys');
  let badKeyFile: string;

  before(() => {
    badKeyFile = path.join(folder(), 'keys.txt');
    writeFileSync(badKeyFile, 'only-an-id\n');
  });

  it('refuses an ORDER_DEMO_ENCRYPTION_KEY that is not base64', async () => {
    const result = await runInProcess(
      ['happy-path', '--encrypt'],
      isolatedEnv({ ORDER_DEMO_ENCRYPTION_KEY: 'not a key!' }),
    );
    expectError(result, 2, /ORDER_DEMO_ENCRYPTION_KEY is not a key: expected 32 random bytes in base64/);
  });

  it('refuses an ORDER_DEMO_ENCRYPTION_KEY of the wrong length', async () => {
    const result = await runInProcess(
      ['start', '--encrypt'],
      isolatedEnv({ ORDER_DEMO_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }),
    );
    expectError(result, 2, /ORDER_DEMO_ENCRYPTION_KEY is not a key/);
  });

  it('refuses a key file that cannot be read', async () => {
    const missing = path.join(folder(), 'missing.txt');
    const result = await runInProcess(['approve', 'order-x', '--encrypt', '--encryption-key-file', missing]);
    expectError(result, 2, /--encryption-key-file .*missing\.txt cannot be read \(ENOENT\)/);
  });

  it('refuses a key file line without a key', async () => {
    const result = await runInProcess([
      'worker',
      'workflow',
      '--encrypt',
      '--encryption-key-file',
      badKeyFile,
    ]);
    expectError(result, 2, /keys\.txt line 1: expected "<key id> <base64 key>"/);
  });

  it('refuses --encryption-key-file without --encrypt', async () => {
    const result = await runInProcess(['all', '--encryption-key-file', badKeyFile]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/--encrypt/);
  });
});
