// `order-demo --version` names what a bug report needs: this program and how it is installed, the SDK, the
// Temporal CLI it would start, Node and the platform (the single executable's own answer is checked in
// test/cli/single-executable.test.ts).
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { DEV_SERVER } from '../../src/processes/server-executables';
import { BIN, isolatedEnv, parseJsonOutput } from '../helpers/cli';
import { runInProcess } from '../helpers/in-process';

describe('order-demo --version', () => {
  it('version --json: order-demo, the checkout, the SDK, the provisioned Temporal CLI at its pinned tag, Node', async () => {
    const result = await runInProcess(['version', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    const versions = parseJsonOutput<Record<string, unknown>>(result);
    expect(versions).to.include({
      installation: 'checkout',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    });
    expect(versions.orderDemo).to.match(/^\d+\.\d+\.\d+/);
    expect(versions.temporalSdk).to.match(/^1\.24\./);
    expect(versions.temporalCli)
      .to.have.property('version')
      .that.matches(new RegExp(`^${DEV_SERVER.version} \\(Server 1\\.29\\.1, UI [\\d.]+\\)$`));
  });

  it('--version alone answers the same in four lines, not only oclif’s user agent', () => {
    const result = spawnSync(process.execPath, [BIN, '--version'], { env: isolatedEnv(), encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).to.have.length(4);
    expect(lines[0]).to.match(/^order-demo \d+\.\d+\.\d+ \(checkout\)$/);
    expect(lines[1]).to.match(/^Temporal TypeScript SDK 1\.24\.\d+$/);
    expect(lines[2]).to.match(
      /^Temporal CLI v1\.5\.1 \(Server 1\.29\.1, UI [\d.]+\) \(provisioned copy: .*\)$/,
    );
    expect(lines[3]).to.equal(`Node.js ${process.version} on ${process.platform}-${process.arch}`);
  });
});
