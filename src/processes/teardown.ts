// Whatever a command starts (server, connections, workers, child processes) is registered here, and closed in
// reverse order on success, on failure and on Ctrl+C.

const STEP_TIMEOUT_MS = 15_000;

interface Step {
  name: string;
  close: () => Promise<void>;
}

export class Teardown {
  private readonly steps: Step[] = [];
  private closing: Promise<string[]> | undefined;

  /** Registers a resource; the returned function forgets it again (for resources closed early on purpose). */
  add(name: string, close: () => Promise<void>): () => void {
    const step = { name, close };
    this.steps.push(step);
    return () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) this.steps.splice(index, 1);
    };
  }

  /** Closes everything, last registered first; resolves with the problems met (a teardown never throws). */
  closeAll(): Promise<string[]> {
    this.closing ??= this.closeSteps();
    return this.closing;
  }

  private async closeSteps(): Promise<string[]> {
    const problems: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop() as Step;
      try {
        await withTimeout(
          step.close(),
          STEP_TIMEOUT_MS,
          `closing ${step.name} took over ${STEP_TIMEOUT_MS / 1000}s`,
        );
      } catch (error) {
        problems.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.closing = undefined;
    return problems;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
