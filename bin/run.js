#!/usr/bin/env node
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
require('@oclif/core').execute({ dir: __dirname });
