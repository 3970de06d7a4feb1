// CPU time and peak memory of a process, or of a process and its children (PostgreSQL's backends), from Linux's
// /proc (the bench's figures for the servers and the workers).
// Hand-written: pidusage and its kind report the current resident size, not the peak the kernel keeps (VmHWM).
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on Linux (USER_HZ). */
const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  /** User + system CPU time so far. */
  cpuMs: number;
  /** The most memory it has held resident. */
  peakRssBytes: number;
}

/** This process's usage, or another's (Linux); undefined for a process that is gone or not readable. */
export function processUsage(pid: number = process.pid): ProcessUsage | undefined {
  if (pid === process.pid) {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    return { cpuMs: (userCPUTime + systemCPUTime) / 1000, peakRssBytes: maxRSS * 1024 };
  }
  try {
    // The command name (field 2) may hold spaces: the fields after it start past its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const peakKb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, peakRssBytes: Number(peakKb ?? 0) * 1024 };
  } catch {
    return undefined;
  }
}

/** The parent of every process there is (Linux), by PID. */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parentOf.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  return parentOf;
}

/** These processes and all their descendants (Linux); the PIDs alone elsewhere. */
export function withDescendants(pids: Iterable<number>): Set<number> {
  const tree = new Set(pids);
  let parentOf: Map<number, number>;
  try {
    parentOf = parents();
  } catch {
    return tree;
  }
  for (let grown = true; grown;) {
    grown = false;
    for (const [pid, parent] of parentOf) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grown = true;
      }
    }
  }
  return tree;
}

/** A process's proportional share of its resident memory (Linux's Pss: shared pages divided among their users). */
function proportionalBytes(pid: number): number {
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * The usage of a process and its living descendants (PostgreSQL and its backends), added up: CPU time, and memory
 * as their proportional shares now (Pss). Not the sum of their peaks: the shared buffers every backend maps would
 * count once per backend, several times what is there.
 */
export function treeUsage(pid: number): ProcessUsage | undefined {
  if (!processUsage(pid)) return undefined;
  let cpuMs = 0;
  let peakRssBytes = 0;
  for (const member of withDescendants([pid])) {
    cpuMs += processUsage(member)?.cpuMs ?? 0;
    peakRssBytes += proportionalBytes(member);
  }
  return { cpuMs, peakRssBytes };
}
