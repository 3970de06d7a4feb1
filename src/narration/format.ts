/** `1.2s`, `45s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** A command of this CLI as a person runs it in another terminal (`approve <id>`); `invocation` runs this CLI. */
export function commandLine(invocation: string, commandArguments: readonly string[]): string {
  return [invocation, ...commandArguments].join(' ');
}

export function progressBar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}
