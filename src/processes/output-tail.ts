// What a child process printed is kept to say why it failed: its first and its last lines, never all of it (a
// worker that runs for hours would otherwise hold everything it ever printed). The first lines matter as much as the
// last: a Temporal server that cannot bind a port logs the error and goes on, and panics later with a stack trace
// longer than any tail.

const HEAD_CHARS = 4_000;
const TAIL_CHARS = 4_000;
const CUT = '\n…\n';

export class KeptOutput {
  private head = '';
  private tail = '';
  private cut = false;

  add(chunk: unknown): void {
    let text = String(chunk);
    if (this.head.length < HEAD_CHARS) {
      const room = HEAD_CHARS - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    const tail = this.tail + text;
    if (tail.length > TAIL_CHARS) this.cut = true;
    this.tail = tail.slice(-TAIL_CHARS);
  }

  /** The first few thousand characters, and the last few thousand after a gap when there was more. */
  get text(): string {
    return this.head + (this.cut ? CUT : '') + this.tail;
  }
}

/** The last `lines` lines of what was kept, on one line. */
export function lastLines(kept: string, lines: number): string {
  return kept.trim().split('\n').slice(-lines).join(' ');
}

/**
 * Why a Go server failed: the first error it logged (in the dev server a "fatal" error only logs, and the panic
 * that follows is its consequence), else its panic line (not the end of its stack trace), else its last lines.
 */
export function causeOfFailure(kept: string, lines = 2): string {
  const loggedError = /^.*(level=ERROR|"level":"(error|fatal)").*$/m.exec(kept);
  return loggedError?.[0] ?? /^panic: .*$/m.exec(kept)?.[0] ?? lastLines(kept, lines);
}
