// docs/ci.md's GitHub Actions workflow and GitLab CI job, run: their shell steps, read from the page's YAML, in an
// empty folder, fetching the single executable from a local web server that serves release/ (made by `npm run
// package`'s script, see test/helpers/executable.ts), against a local dev server, with
// the pipeline's variables set as its secrets would set them. The docs cannot promise what the tool does not do.
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import path from 'node:path';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../../src/processes/server-executables';
import type { TestServer } from '../helpers/embedded-server';
import { startTestServer } from '../helpers/embedded-server';
import { PACKAGE_TIMEOUT_MS, packagedExecutable, RELEASE } from '../helpers/executable';
import { junitSuiteOfFile } from '../helpers/junit';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';

const PAGE = path.join(packageRoot(), 'docs', 'ci.md');
/** Both snippets run `all` at the speed they give: about a minute each here. */
const SNIPPET_TIMEOUT_MS = 5 * 60_000;

interface GithubWorkflow {
  jobs: Record<
    string,
    {
      env?: Record<string, string>;
      steps: { run?: string; env?: Record<string, string>; with?: { path?: string } }[];
    }
  >;
}
type GitlabJob = { script: string[]; artifacts: { reports: { junit: string } } };

function yamlBlocks(): unknown[] {
  const page = readFileSync(PAGE, 'utf8');
  return [...page.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => parseYaml(match[1]));
}

/** A secret the pipeline would substitute: `${{ secrets.NAME }}` takes `secrets[NAME]`; other values stay. */
function withSecrets(env: Record<string, string>, secrets: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      const secret = /^\$\{\{\s*secrets\.(\w+)\s*\}\}$/.exec(value);
      return [name, secret ? (secrets[secret[1]] ?? '') : value];
    }),
  );
}

function runShell(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // GitHub Actions runs a `run:` step as `bash --noprofile --norc -eo pipefail`; GitLab stops at the first
    // failing `script:` line, which `-e` does too.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      timeout: SNIPPET_TIMEOUT_MS,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The JUnit report a snippet wrote: every scenario a case, none failed. */
async function expectPassingReport(file: string): Promise<void> {
  expect(existsSync(file), `${file} was not written`).to.equal(true);
  const suite = await junitSuiteOfFile(file);
  expect(suite.testcase?.length).to.be.greaterThan(5);
  expect(suite.failures).to.equal(0);
  expect(
    suite.testcase?.filter((testCase) => testCase.failure?.length || testCase.error?.length),
  ).to.deep.equal([]);
}

describe('the CI snippets of docs/ci.md', function () {
  this.timeout(SNIPPET_TIMEOUT_MS + 60_000);
  let temporal: TestServer;
  let web: Server;
  let baseUrl: string;
  let folder: string | undefined;

  before(async function () {
    this.timeout(PACKAGE_TIMEOUT_MS);
    packagedExecutable();
    temporal = await startTestServer();
    web = createServer((request, response) => {
      const file = path.join(RELEASE, path.basename(request.url ?? ''));
      if (!existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200);
      createReadStream(file).pipe(response);
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => web?.close(resolve));
    await temporal?.teardown.closeAll();
  });

  beforeEach(() => {
    folder = makeTemporaryFolder('ci-snippet');
  });
  afterEach(() => removeTemporaryFolder(folder));

  /** What the pipeline has: a system PATH, a HOME of its own, and the variables its settings give the job. */
  const pipelineEnv = (variables: Record<string, string>): Record<string, string> => ({
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: folder!,
    ...variables,
    ORDER_DEMO_URL: baseUrl,
  });
  const secrets = () => ({
    TEMPORAL_ADDRESS: temporal.server.address,
    TEMPORAL_NAMESPACE: temporal.server.namespace,
    // No API key on a local server: the secret is left undefined, which GitHub hands over as an empty string.
  });

  it('GitHub Actions: the steps fetch the executable, check its checksum and pass `all` with a JUnit report', async () => {
    const workflow = yamlBlocks()[0] as GithubWorkflow;
    const [job] = Object.values(workflow.jobs);
    const steps = job.steps.filter((step) => step.run);
    expect(steps.length).to.be.greaterThan(1);
    for (const step of steps) {
      const env = pipelineEnv(withSecrets({ ...job.env, ...step.env }, secrets()));
      const result = await runShell(step.run!, folder!, env);
      expect(result.code, `${step.run}\n${result.output}`).to.equal(0);
    }
    const kept = job.steps.find((step) => step.with?.path)?.with?.path;
    expect(kept, 'the report the workflow uploads').to.be.a('string');
    await expectPassingReport(path.join(folder!, kept!));
  });

  it('GitLab CI: the script fetches the executable, checks its checksum and passes `all` with a JUnit report', async () => {
    const [job] = Object.values(yamlBlocks()[1] as Record<string, GitlabJob>);
    const result = await runShell(job.script.join('\n'), folder!, pipelineEnv(secrets()));
    expect(result.code, result.output).to.equal(0);
    await expectPassingReport(path.join(folder!, job.artifacts.reports.junit));
  });

  it('a checksum that does not match stops the job before anything runs', async () => {
    const [job] = Object.values(yamlBlocks()[1] as Record<string, GitlabJob>);
    const fetchAndCheck = job.script.filter((line) => !line.includes('order-demo-linux-x64 all'));
    const damaged = fetchAndCheck.map((line) =>
      line.startsWith('sha256sum') ? `echo tampered >> order-demo-linux-x64\n${line}` : line,
    );
    const result = await runShell(damaged.join('\n'), folder!, pipelineEnv(secrets()));
    expect(result.code, result.output).to.not.equal(0);
    expect(result.output).to.match(/FAILED/);
  });
});
