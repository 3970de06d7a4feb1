// The one live line of every run's output: on a terminal a spinner with the current status (a countdown, a
// progress bar, orders closed so far), refreshed as time passes; elsewhere the same status written as a plain line
// every few seconds, so that a log shows a long wait is still going. Lines written meanwhile appear above it.
import type ora from 'ora';
import type { Ora } from 'ora';

/** Without a terminal, a long wait is still mentioned this often. */
const PLAIN_EVERY_MS = 5_000;
const REFRESH_MS = 200;

/** Where a run's lines go: above the live line on stdout, and problems on stderr. */
export interface Lines {
  line(text?: string): void;
}

/**
 * ora, loaded on a terminal only: it takes tens of milliseconds to load, which a run without a terminal (CI, a
 * pipe) need not pay.
 */
function spinnerLibrary(): typeof ora {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a load on first use, synchronous like the rest
  return (require('ora') as { default: typeof ora }).default;
}

export class ProgressLine implements Lines {
  private readonly spinner: Ora | undefined;
  private status: (() => string | undefined) | undefined;
  private lastPlainAt = 0;
  private readonly ticker: NodeJS.Timeout;

  /**
   * `live`: a spinner redrawn in place (a terminal); otherwise plain lines, for a log. A terminal that reports no
   * width (a pseudo-terminal nobody sized) gets plain lines too: a spinner cannot tell how many lines to redraw.
   */
  constructor(
    private readonly out: NodeJS.WriteStream,
    live: boolean,
    private readonly plainStyle: (text: string) => string = (text) => text,
  ) {
    this.spinner =
      live && out.columns > 0
        ? spinnerLibrary()({ stream: out, discardStdin: false, color: 'cyan', isEnabled: true })
        : undefined;
    this.ticker = setInterval(() => this.refresh(), REFRESH_MS);
    this.ticker.unref();
  }

  /**
   * What the line shows from now on, asked again at every refresh (a countdown moves by itself); undefined clears
   * it. Without a terminal, the first plain line comes a few seconds later: the line before says what started.
   */
  follow(status: (() => string | undefined) | undefined): void {
    this.status = status;
    this.lastPlainAt = Date.now();
    this.refresh();
  }

  line(text = ''): void {
    if (this.spinner?.isSpinning) this.spinner.clear();
    this.out.write(`${text}\n`);
    if (this.spinner?.isSpinning) this.spinner.render();
  }

  stop(): void {
    clearInterval(this.ticker);
    this.status = undefined;
    this.spinner?.stop();
  }

  private refresh(): void {
    const text = this.status?.();
    if (this.spinner) {
      if (text === undefined) {
        if (this.spinner.isSpinning) this.spinner.stop();
      } else {
        this.spinner.text = text;
        if (!this.spinner.isSpinning) this.spinner.start();
      }
      return;
    }
    if (text !== undefined && Date.now() - this.lastPlainAt >= PLAIN_EVERY_MS) {
      this.lastPlainAt = Date.now();
      this.out.write(`${this.plainStyle(`         … ${text}`)}\n`);
    }
  }
}
