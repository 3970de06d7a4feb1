// What a child process printed on stderr is kept to say why it failed: its last lines, never all of it (a worker
// that runs for hours would otherwise hold everything it ever printed).

const TAIL_CHARS = 4_000;

/** `kept` with `chunk` appended, cut to its last few thousand characters. */
export function withTail(kept: string, chunk: unknown): string {
  return (kept + String(chunk)).slice(-TAIL_CHARS);
}

/** The last `lines` lines of what was kept, on one line. */
export function lastLines(kept: string, lines: number): string {
  return kept.trim().split('\n').slice(-lines).join(' ');
}

/** What a Go program said when it panicked (the panic's line, not the end of its stack trace), else its last lines. */
export function panicOrLastLines(kept: string, lines = 2): string {
  return /^panic: .*$/m.exec(kept)?.[0] ?? lastLines(kept, lines);
}
