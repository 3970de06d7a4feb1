/** `1.2s`, `45s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * A word as a POSIX shell reads it back: as it is when it holds only characters no shell treats specially, else in
 * single quotes (a quote inside closed, escaped and reopened). Not shell-quote's `quote`, which backslash-escapes
 * the colon of every host:port and so would print `127.0.0.1\:7233` for a person to copy.
 */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command of this CLI as a person runs it in another terminal (`approve <id>`); `invocation` runs this CLI. */
export function commandLine(invocation: string, commandArguments: readonly string[]): string {
  return [invocation, ...commandArguments.map(shellWord)].join(' ');
}

export function progressBar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
