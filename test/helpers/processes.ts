import { readdirSync, readFileSync } from 'node:fs';

/** The parent of a process, from /proc/<pid>/stat; undefined once it is gone. */
export function parentOf(pid: number | string): number | undefined {
  try {
    // The command name in parentheses may hold spaces: the fields after its closing parenthesis are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Every live process's parent (Linux /proc). */
function parents(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(entry);
    // Undefined: gone between the listing and the read.
    if (parent !== undefined) parents.set(Number(entry), parent);
  }
  return parents;
}

/** Every process below `pid`. */
export function descendants(pid: number): number[] {
  const parentOf = parents();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const [child, parent] of parentOf) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** The command line of a process, its arguments joined by spaces ('' once it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Collects every process that appears below `pid` until `stop()` (polled: a process can start and end unseen). */
export function trackDescendants(
  pid: number,
  everyMs = 25,
): { seen: Set<number>; look(): void; stop(): Set<number> } {
  const seen = new Set<number>();
  const look = () => descendants(pid).forEach((child) => seen.add(child));
  look();
  const timer = setInterval(look, everyMs);
  return {
    seen,
    look,
    stop() {
      clearInterval(timer);
      look();
      return seen;
    },
  };
}

/** Resolves with the processes of `pids` still alive after `ms` (checked often: resolves early once all are gone). */
export async function survivorsAfter(pids: Iterable<number>, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = [...pids].filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    alive = alive.filter(isAlive);
  }
  return alive;
}
