// The program's start, the same from the checkout and the npm package (bin/run.js) and from the single executable
// (its launcher): oclif runs the command the arguments name, from the installation in `dir`.
import { execute } from '@oclif/core';

/** `--version` alone names every version a bug report needs (the `version` command), not only oclif's user agent. */
const VERSION_FLAGS = new Set(['--version', '-v']);

export async function main(dir: string, argv: string[] = process.argv.slice(2)): Promise<void> {
  // Deprecation notices of dependencies (e.g. TLS to an IP address) would land in the middle of the narration.
  process.noDeprecation = true;
  // After a command has ended and closed its connections, the SDK's gRPC retry timer can still fire for a call that
  // the shutdown cut short, and throw "Channel has been shut down": the command's outcome is already final. Anything
  // else thrown outside a command (whose own handler tears down and reports) is one line and exit 1, not a trace.
  process.on('uncaughtException', (error) => {
    if (process.listenerCount('uncaughtException') > 1) return;
    if (/Channel has been shut down/.test(error?.message ?? '')) return;
    process.stderr.write(`Error: unexpected failure: ${error?.message ?? error}\n`);
    process.exit(1);
  });
  const args = argv.length === 1 && VERSION_FLAGS.has(argv[0]) ? ['version'] : argv;
  await execute({ dir, args });
}
