// Nothing this CLI starts outlives it, even when it is killed with SIGKILL and runs no code of its own on the way
// out. Every process it starts inherits a tag in its environment (the embedded server through the SDK, child
// workers, the approver), and a tiny watchdog (`sh`) holds the read end of a pipe whose only writer is this
// process. When the CLI ends, however it ends, the kernel closes the pipe; the watchdog wakes, finds every process
// still carrying the tag (Linux: /proc/<pid>/environ) and stops it: SIGTERM, then SIGKILL after a grace period.
// On a clean exit the command releases the watchdog after its teardown (anything the teardown failed to stop is
// stopped then) and waits for it, so that not even the watchdog outlives the command.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { childEnvironment } from './child-environment';

/** The environment variable that marks a process as started by one run of this CLI. */
export const OWNER_TAG = 'ORDER_DEMO_OWNER';
/** How long the processes left behind get to stop on SIGTERM before SIGKILL. */
const GRACE_SECONDS = 2;

/** The watchdog's own environment: the tag it watches for and the scratch folder it removes (see the script). */
export const WATCHED_TAG = 'ORDER_DEMO_WATCHED_TAG';
export const WATCHED_SCRATCH = 'ORDER_DEMO_WATCHED_SCRATCH';

// Interrupts aimed at the terminal's process group must not stop the watchdog before the CLI has ended; `read`
// (a shell builtin: no process of its own) returns when the CLI's end of the pipe closes. The tag and the run's
// scratch folder (removed however the script ends) reach it in its environment, which only its owner can read,
// not on its command line, which every user of the machine can; grep -z reads each environment as NUL-separated
// lines. A process that exited meanwhile may have passed its PID on to another: before SIGKILL, each PID is checked
// to carry the tag still.
export const WATCHDOG_SCRIPT = `
trap '' INT TERM HUP
trap 'rm -rf "$${WATCHED_SCRATCH}"' EXIT
while read -r _; do :; done
tagged() { grep -lzx "${OWNER_TAG}=$${WATCHED_TAG}" "$@" 2>/dev/null | cut -d/ -f3; }
pids=$(tagged /proc/[0-9]*/environ)
[ -n "$pids" ] || exit 0
kill -TERM $pids 2>/dev/null
tries=$((${GRACE_SECONDS} * 5))
while [ $tries -gt 0 ]; do
  alive=""
  for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
  [ -n "$alive" ] || exit 0
  sleep 0.2
  tries=$((tries - 1))
done
still=""
for pid in $alive; do [ -n "$(tagged /proc/$pid/environ)" ] && still="$still $pid"; done
[ -n "$still" ] && kill -KILL $still 2>/dev/null
exit 0
`;

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

let watchdog: ChildProcess | undefined;
/** See scratchFolder(). */
let scratch: string | undefined;

/**
 * Tags this process's environment, so that every process started from now on inherits the tag, and starts the
 * watchdog for it. Idempotent. A CLI started by another run of this CLI (a child worker) already carries its
 * parent's tag: its parent's watchdog covers it and everything it starts, so it starts none of its own.
 */
export function watchOwnProcesses(): void {
  if (watchdog || process.env[OWNER_TAG] || !existsSync('/proc/self/environ')) return;
  const tag = randomUUID();
  // Made at once, new (mkdtemp never reuses a name) and private to this user (0700): nobody else can have made
  // it first, or put anything in it.
  scratch = mkdtempSync(path.join(tmpdir(), 'order-demo-run-'));
  watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'order-demo-watchdog'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    // The script's grep, cut, rm and sleep are the system's, whatever PATH the command was given (the single
    // executable runs with none).
    env: childEnvironment({ [WATCHED_TAG]: tag, [WATCHED_SCRATCH]: scratch, PATH: SYSTEM_PATH }),
  });
  watchdog.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep this process alive: its end is what the watchdog waits for.
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  process.env[OWNER_TAG] = tag;
}

/**
 * A new folder for files of this run only (a temporary ledger, a server's state). They go when the command's
 * teardown removes them, and — should the command be killed before — with the run's scratch folder, which its
 * watchdog removes. Without a watchdog (no /proc, or a run started by another, which watches it), a plain temporary
 * folder. `passable`: other users may pass through the new folder, and through the run's scratch folder that holds
 * it, to what they hold (not list them: 0711), for a process this CLI runs as another user; a folder this run did not
 * make (the temporary folder itself) is left as it is.
 */
export async function scratchFolder(prefix: string, options: { passable?: boolean } = {}): Promise<string> {
  watchOwnProcesses();
  const folder = await mkdtemp(path.join(scratch ?? tmpdir(), `order-demo-${prefix}-`));
  if (options.passable) {
    if (scratch) chmodSync(scratch, 0o711);
    chmodSync(folder, 0o711);
  }
  return folder;
}

/**
 * Ends the watch: the watchdog stops whatever still carries the tag and exits; resolves once it has. For the end
 * of a command, after its teardown.
 */
export function releaseWatchdog(): Promise<void> {
  const releasing = watchdog;
  // Its scratch folder goes with it: a later command in this process (the tests run commands in-process) gets
  // a watchdog and a scratch folder of its own rather than recreating this one with nobody to remove it.
  watchdog = undefined;
  scratch = undefined;
  if (!releasing || releasing.exitCode !== null || releasing.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const giveUp = setTimeout(resolve, (GRACE_SECONDS + 1) * 1000);
    releasing.once('exit', () => {
      clearTimeout(giveUp);
      resolve();
    });
    releasing.stdin?.end();
  });
}

/**
 * The processes still running that this run of the CLI started (they carry its tag), other than itself: what its
 * watchdog would stop. Empty where there is no /proc or no tag.
 */
export function processesLeftBehind(): number[] {
  const tag = process.env[OWNER_TAG];
  if (!tag || !existsSync('/proc/self/environ')) return [];
  const marker = `${OWNER_TAG}=${tag}`;
  const left: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(marker)) left.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return left;
}
