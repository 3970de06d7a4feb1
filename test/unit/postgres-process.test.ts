// How PostgreSQL's data folder is made, seen through a stand-in initdb that records what it was given: password
// authentication with a password only PostgreSQL's user can read, and a kept database flushed to the disk.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { PostgresProcess } from '../../src/processes/cluster/postgres-process';
import { useTemporaryFolder } from '../helpers/temporary-folder';

/** Writes, into the data folder it is given, its arguments one a line, then the password file's content. */
const RECORDING_INITDB = `#!/bin/sh
printf '%s\\n' "$@" > "$2/arguments"
for argument in "$@"; do
  case "$argument" in --pwfile=*) cat "\${argument#--pwfile=}" > "$2/password-read" ;; esac
done
`;

describe('PostgreSQL’s data folder', () => {
  const temporary = useTemporaryFolder('postgres-initdb', { each: true });

  async function initialize(keep: boolean) {
    const folder = temporary();
    // The user PostgreSQL runs as (as root) must pass through it.
    chmodSync(folder, 0o711);
    const bin = path.join(folder, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'initdb'), RECORDING_INITDB, { mode: 0o755 });
    const dataDir = path.join(folder, 'postgresql');
    const passwordFile = path.join(folder, 'postgresql-password');
    const database = new PostgresProcess({ bin, dataDir, passwordFile, keep, ip: '127.0.0.1', port: 1 });
    await database.initialize();
    return {
      database,
      dataDir,
      passwordFile,
      arguments: readFileSync(path.join(dataDir, 'arguments'), 'utf8').trim().split('\n'),
      passwordRead: existsSync(path.join(dataDir, 'password-read'))
        ? readFileSync(path.join(dataDir, 'password-read'), 'utf8').trim()
        : undefined,
    };
  }

  it('asks for a password on every connection: generated, readable by PostgreSQL’s user only, given to its clients', async () => {
    const made = await initialize(false);
    expect(made.arguments).to.include('--auth=scram-sha-256');
    expect(made.arguments).not.to.include('--auth=trust');
    const password = made.database.connection.password;
    expect(password).to.have.length.of.at.least(24);
    expect(made.passwordRead, 'what initdb read').to.equal(password);
    const stat = statSync(made.passwordFile);
    expect(stat.mode & 0o777).to.equal(0o600);
    expect(stat.uid, 'its owner: PostgreSQL’s user, who owns the data folder').to.equal(
      statSync(made.dataDir).uid,
    );
  });

  it('flushes a kept database to the disk as initdb makes it; only a throwaway one skips that', async () => {
    expect((await initialize(true)).arguments).not.to.include('--no-sync');
  });

  it('skips the flush for a throwaway database, which a crash of the machine ends anyway', async () => {
    expect((await initialize(false)).arguments).to.include('--no-sync');
  });
});
