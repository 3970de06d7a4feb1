// Nothing of the suite's may be left in the temporary folder (os.tmpdir()) after a run. A mocha root hook plugin,
// `require`d by every .mocharc*.json: it notes what the temporary folder holds when it is loaded (before the spec
// files), and after every test and every suite's hooks it fails the run, naming each entry left there that looks like
// the suite's and was made or written during the run: names starting with order-demo (the tests' own folders,
// order-demo-test-…, see temporary-folder.ts, and the CLI's), and Chromium's and Playwright's temporary files.
// What the CLI under test leaves counts too: a leftover of src/ fails the run like a test's. A command that has just
// ended may still be removing its files (its watchdog removes its scratch folder within seconds), so what is left
// gets a few seconds to go before it is reported.
//
// Another run on the same machine at the same time (of the suite in another work tree, or of the CLI) makes entries
// of the same names. A command's scratch folder (order-demo-run-<tag>) whose watchdog is still running tells whose it
// is: this run's processes carry a marker in their environment (every child inherits it), another run's do not, and
// those are passed over. Other names cannot be told apart.
import { randomUUID } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OWNER_TAG } from '../../src/processes/watchdog';
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
 * watchdog (`sh -c … order-demo-watchdog <tag> <folder>`, in the command's environment) is running, without this
 * run's marker. Never so without /proc.
 */
function belongsToAnotherRun(folder: string): boolean {
  for (const pid of list('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const args = procStrings(pid, 'cmdline');
    if (!args.includes('order-demo-watchdog') || !args.includes(folder)) continue;
    if (!procStrings(pid, 'environ').includes(`${RUN_MARKER}=${runId}`)) return true;
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
    if (name === `order-demo-run-${process.env[OWNER_TAG]}`) {
      // The scratch folder of commands run in this process: its watchdog removes it as the process ends, but what a
      // command left in it, its teardown failed to remove.
      for (const inner of list(entry)) left.push(`${path.join(entry, inner)} (the CLI's, run in-process)`);
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

export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    // Added to the root suite now, after every spec file's own root hooks, so that it runs after all of them.
    this.test?.parent?.afterAll(
      "nothing of the suite's is left in the temporary folder",
      async function (this: Mocha.Context) {
        this.timeout(GRACE_MS + 5_000);
        await checkNothingLeft();
      },
    );
  },
};
