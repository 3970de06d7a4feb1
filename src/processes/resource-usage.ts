// CPU time and peak memory of a process, from Linux's /proc (the bench's figures for the server and the workers).
// Hand-written: pidusage and its kind report the current resident size, not the peak the kernel keeps (VmHWM).
import { readFileSync } from 'node:fs';

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
