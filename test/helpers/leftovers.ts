// Nothing of the suite's may be left running, or in the temporary folder, after a run. A mocha root hook plugin,
// `require`d by every .mocharc*.json, that also defines the run's global fixtures.
//
// Each process of the suite — the runner, and in parallel mode (the integration tier) each of its workers — makes a
// temporary folder of its own inside the system's (order-demo-test-tmp-<run>-XXXXXX) and hands it, as TMPDIR, to
// os.tmpdir() and to every process it starts. What a test file, or the CLI it runs, leaves there is that file's
// even while other files run at once. After each test, a command the test started and left running (an assertion
// failed before the test stopped it) is stopped. After each file (in parallel mode) or the whole run (serially),
// any process that carries this process's marker and is still alive fails the run (and is killed), and so does
// anything left in its temporary folder. At the very end the runner checks the system's temporary folder itself,
// for whatever escaped TMPDIR: any entry that looks like the suite's (names starting with order-demo, Chromium's and
// Playwright's temporary files) made or written during the run.
//
// A command that has just ended may still be removing its files (its watchdog removes its scratch folder within
// seconds), so what is left gets a few seconds to go before it is reported. Another run on the same machine at the
// same time (of the suite in another work tree, or of the CLI) makes entries of the same names in the system's
// folder: a folder of another run's command (order-demo-run-…) whose watchdog is still running, and the temporary
// folders of another run of the suite, are passed over; other names cannot be told apart.
import { randomUUID } from 'node:crypto';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OWNER_TAG, releaseWatchdog, WATCHED_SCRATCH, WATCHED_TAG } from '../../src/processes/watchdog';
import type { CliProcess } from './cli';
import { runningCommands, stopCommandsStartedSince } from './cli';
import { TEST_FOLDER_PREFIX } from './temporary-folder';
import { RUN_MARKER, testRunId } from './test-run';

/** Names in the temporary folder that are the suite's: the tests' and the CLI's, Chromium's, Playwright's. */
const SUITE_PREFIXES = ['order-demo', '.org.chromium.', '.com.google.Chrome.', 'playwright'];
const GRACE_MS = 10_000;
const POLL_MS = 250;
const HOW_MANY_NAMED = 5;

/** In the environment of this process's children: the tests start every process with a copy of theirs. */
const PROCESS_MARKER = 'ORDER_DEMO_TEST_PROCESS';
const processId = randomUUID();
process.env[PROCESS_MARKER] = processId;

const runId = testRunId();
const OWN_TEMP_PREFIX = 'order-demo-test-tmp-';
/** The system's temporary folder, for the workers: TMPDIR is their parent's own folder. */
const SYSTEM_TEMP = 'ORDER_DEMO_TEST_SYSTEM_TEMP';

const systemTemp = process.env[SYSTEM_TEMP] ?? tmpdir();
const startedAt = Date.now();
const before = new Set(list(systemTemp));

// Passable by other users (0711, not listable): PostgreSQL runs as another user, in a folder made inside.
const ownTemp = mkdtempSync(path.join(systemTemp, `${OWN_TEMP_PREFIX}${runId}-`));
chmodSync(ownTemp, 0o711);
process.env[SYSTEM_TEMP] = systemTemp;
process.env.TMPDIR = ownTemp;
process.on('exit', () => rmSync(ownTemp, { recursive: true, force: true }));

function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function looksLikeTheSuites(name: string): boolean {
  return SUITE_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** Undefined once the entry is gone. */
function stat(entry: string) {
  try {
    return lstatSync(entry);
  } catch {
    return undefined;
  }
}

function writtenDuringTheRun(entry: string): boolean {
  const stats = stat(entry);
  return stats !== undefined && Math.max(stats.mtimeMs, stats.ctimeMs) >= startedAt;
}

/** The NUL-separated strings of /proc/<pid>/<what>; empty where it cannot be read. */
function procStrings(pid: string, what: 'cmdline' | 'environ'): string[] {
  try {
    return readFileSync(`/proc/${pid}/${what}`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/**
 * Whether `folder`, a command's scratch folder in the system's temporary folder, belongs to a command of another run
 * that is still going: its watchdog (`sh -c … order-demo-watchdog`, with the folder in its environment, as is the
 * command's own) is running, without this run's marker. Never so without /proc.
 */
function belongsToAnotherRun(folder: string): boolean {
  for (const pid of list('/proc').filter((entry) => /^\d+$/.test(entry))) {
    if (!procStrings(pid, 'cmdline').includes('order-demo-watchdog')) continue;
    const environment = procStrings(pid, 'environ');
    if (!environment.includes(`${WATCHED_SCRATCH}=${folder}`)) continue;
    if (!environment.includes(`${RUN_MARKER}=${runId}`)) return true;
  }
  return false;
}

function whose(name: string): string {
  if (name.startsWith(TEST_FOLDER_PREFIX)) return "a test's";
  if (name.startsWith('order-demo')) return "the CLI's";
  return name.startsWith('playwright') ? "Playwright's" : "Chromium's";
}

/** One line for a leftover: its path, whose it is, and for a folder the first few names in it. */
function describe(entry: string, name: string): string {
  if (!stat(entry)?.isDirectory()) return `${entry} (${whose(name)})`;
  const inside = list(entry);
  const named = inside.slice(0, HOW_MANY_NAMED).join(', ') + (inside.length > HOW_MANY_NAMED ? ', …' : '');
  return `${entry}/ (${whose(name)}; ${inside.length === 0 ? 'empty' : `holds ${named}`})`;
}

/** Everything in a temporary folder of the suite's own: it was made empty, for this run. */
function leftInOwnFolder(folder: string): string[] {
  return list(folder).map((name) => describe(path.join(folder, name), name));
}

/**
 * What looks like the suite's in the system's temporary folder and was left by the run: an entry that was not there
 * when the run started; and in one that was (say, a folder of the CLI's from an earlier run), what was made or
 * written during the run. The temporary folders of this run's processes are looked into; another run's are passed
 * over.
 */
function leftInSystemFolder(): string[] {
  const left: string[] = [];
  for (const name of list(systemTemp).filter(looksLikeTheSuites)) {
    const entry = path.join(systemTemp, name);
    if (name.startsWith(OWN_TEMP_PREFIX)) {
      if (name.startsWith(`${OWN_TEMP_PREFIX}${runId}-`)) left.push(...leftInOwnFolder(entry));
      continue;
    }
    if (name.startsWith('order-demo-run-') && belongsToAnotherRun(entry)) continue;
    if (!before.has(name)) {
      if (stat(entry)) left.push(describe(entry, name));
    } else if (stat(entry)?.isDirectory()) {
      for (const inner of list(entry)) {
        const file = path.join(entry, inner);
        if (writtenDuringTheRun(file)) left.push(`${file} (${whose(name)}, written during the run)`);
      }
    } else if (writtenDuringTheRun(entry)) {
      left.push(`${entry} (${whose(name)}, written during the run)`);
    }
  }
  return left;
}

/** Fails with what `leftovers` still finds once it has had a few seconds to go. */
async function checkNothingLeft(leftovers: () => string[], where: string): Promise<void> {
  const deadline = Date.now() + GRACE_MS;
  let left = leftovers();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    left = leftovers();
  }
  if (left.length > 0) {
    throw new Error(
      `the run left ${left.length} ${left.length === 1 ? 'entry' : 'entries'} in ${where}; whatever a test or ` +
        `the CLI makes there must be removed however it ends:\n` +
        left.map((line) => `  ${line}`).join('\n'),
    );
  }
}

/**
 * This process's children still alive, and theirs: every process the tests start carries its marker. Not this
 * process's own watchdog: tests that start a server or a worker through the library, not through a command, make
 * this process an owner with a watchdog, as a command is; the suite ends it last, as a command's teardown does.
 */
function processesOfThisProcess(): number[] {
  const ownWatchdog = `${WATCHED_TAG}=${process.env[OWNER_TAG]}`;
  return list('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      const environment = procStrings(pid, 'environ');
      return environment.includes(`${PROCESS_MARKER}=${processId}`) && !environment.includes(ownWatchdog);
    })
    .map(Number);
}

/** Fails the run with the processes it left running, once they have had a few seconds to end; then stops them. */
async function checkNothingRunning(): Promise<void> {
  const deadline = Date.now() + GRACE_MS;
  let alive = processesOfThisProcess();
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    alive = processesOfThisProcess();
  }
  if (alive.length === 0) return;
  const named = alive.map(
    (pid) => `  ${pid}: ${procStrings(String(pid), 'cmdline').join(' ').slice(0, 200)}`,
  );
  for (const pid of alive) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  throw new Error(`the run left ${alive.length} process(es) running (now killed):\n${named.join('\n')}`);
}

let startedBefore: ReadonlySet<CliProcess> = new Set();

export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    // Added to the root suite now, after every spec file's own root hooks, so that it runs after all of them. In
    // parallel mode every file has a root suite of its own.
    this.test?.parent?.afterAll(
      "nothing of the file's is left running or in its temporary folder",
      async function (this: Mocha.Context) {
        this.timeout(2 * GRACE_MS + 5_000);
        try {
          await checkNothingRunning();
        } finally {
          await releaseWatchdog();
        }
        try {
          await checkNothingLeft(() => leftInOwnFolder(ownTemp), `its temporary folder (${ownTemp})`);
        } finally {
          // Reported once: the next file in this worker starts with an empty folder.
          for (const name of list(ownTemp))
            rmSync(path.join(ownTemp, name), { recursive: true, force: true });
        }
        // Run serially, this is the end of the run (the global teardown's failure would go unreported).
        if (process.env.MOCHA_WORKER_ID === undefined) await checkSystemFolder();
      },
    );
  },
  beforeEach(): void {
    startedBefore = runningCommands();
  },
  async afterEach(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await stopCommandsStartedSince(startedBefore);
  },
};

let systemFolderChecked = false;

async function checkSystemFolder(): Promise<void> {
  systemFolderChecked = true;
  await checkNothingLeft(leftInSystemFolder, `the temporary folder (${systemTemp})`);
}

/** In parallel mode: once, in the runner, after every file and every worker has ended. */
export async function mochaGlobalTeardown(): Promise<void> {
  if (!systemFolderChecked) await checkSystemFolder();
}
