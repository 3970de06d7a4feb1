// Nothing of the suite's may be left running, or in the temporary folder (os.tmpdir()), after a run. A mocha root
// hook plugin, `require`d by every .mocharc*.json. After each test, a command the test started and left running (an
// assertion failed before the test stopped it) is stopped. At the end, any process of this run still alive fails
// the run (and is killed). And it notes what the temporary folder
// holds when it is loaded (before the spec files), and after every test and every suite's hooks it fails the run,
// naming each entry left there that looks like
// the suite's and was made or written during the run: names starting with order-demo (the tests' own folders,
// order-demo-test-…, see temporary-folder.ts, and the CLI's), and Chromium's and Playwright's temporary files.
// What the CLI under test leaves counts too: a leftover of src/ fails the run like a test's. A command that has just
// ended may still be removing its files (its watchdog removes its scratch folder within seconds), so what is left
// gets a few seconds to go before it is reported.
//
// Another run on the same machine at the same time (of the suite in another work tree, or of the CLI) makes entries
// of the same names. A command's scratch folder (order-demo-run-…) whose watchdog is still running tells whose it
// is: this run's processes carry a marker in their environment (every child inherits it), another run's do not, and
// those are passed over. Other names cannot be told apart.
import { randomUUID } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OWNER_TAG, releaseWatchdog, WATCHED_SCRATCH, WATCHED_TAG } from '../../src/processes/watchdog';
import type { CliProcess } from './cli';
import { runningCommands, stopCommandsStartedSince } from './cli';
import { TEST_FOLDER_PREFIX } from './temporary-folder';

/** Names in the temporary folder that are the suite's: the tests' and the CLI's, Chromium's, Playwright's. */
const SUITE_PREFIXES = ['order-demo', '.org.chromium.', '.com.google.Chrome.', 'playwright'];
const GRACE_MS = 10_000;
const POLL_MS = 250;
const HOW_MANY_NAMED = 5;

/** In the environment of this run's processes: the tests start every process with a copy of theirs. */
const RUN_MARKER = 'ORDER_DEMO_TEST_RUN';
const runId = randomUUID();
process.env[RUN_MARKER] = runId;

const temp = tmpdir();
const startedAt = Date.now();
const before = new Set(list(temp));

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
 * Whether `folder`, a command's scratch folder, belongs to a command of another run that is still going: its
 * watchdog (`sh -c … order-demo-watchdog`, with the folder in its environment, as is the command's own) is
 * running, without this run's marker. Never so without /proc.
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

/**
 * What looks like the suite's and was left by the run: an entry that was not there when the run started; and in one
 * that was (say, a folder of the CLI's from an earlier run), what was made or written during the run.
 */
function leftovers(): string[] {
  const left: string[] = [];
  for (const name of list(temp).filter(looksLikeTheSuites)) {
    const entry = path.join(temp, name);
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

async function checkNothingLeft(): Promise<void> {
  const deadline = Date.now() + GRACE_MS;
  let left = leftovers();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    left = leftovers();
  }
  if (left.length > 0) {
    throw new Error(
      `the run left ${left.length} ${left.length === 1 ? 'entry' : 'entries'} in the temporary folder ` +
        `(${temp}); whatever a test or the CLI makes there must be removed however it ends:\n` +
        left.map((line) => `  ${line}`).join('\n'),
    );
  }
}

/**
 * This run's processes still alive (other than this one): every process the tests start carries the marker. Not
 * this process's own watchdog: tests that start a server or a worker through the library, not through a command,
 * make this process an owner with a watchdog, as a command is; the suite ends it last, as a command's teardown does.
 */
function processesOfThisRun(): number[] {
  const ownWatchdog = `${WATCHED_TAG}=${process.env[OWNER_TAG]}`;
  return list('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      const environment = procStrings(pid, 'environ');
      return environment.includes(`${RUN_MARKER}=${runId}`) && !environment.includes(ownWatchdog);
    })
    .map(Number);
}

/** Fails the run with the processes it left running, once they have had a few seconds to end; then stops them. */
async function checkNothingRunning(): Promise<void> {
  const deadline = Date.now() + GRACE_MS;
  let alive = processesOfThisRun();
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    alive = processesOfThisRun();
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
    // Added to the root suite now, after every spec file's own root hooks, so that it runs after all of them.
    this.test?.parent?.afterAll(
      "nothing of the suite's is left running or in the temporary folder",
      async function (this: Mocha.Context) {
        this.timeout(2 * GRACE_MS + 5_000);
        try {
          await checkNothingRunning();
        } finally {
          await releaseWatchdog();
        }
        await checkNothingLeft();
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
