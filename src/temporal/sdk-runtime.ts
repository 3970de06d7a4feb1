import type { LogLevel } from '@temporalio/worker';

let installation: Promise<void> | undefined;

/**
 * Installs the SDK's process-wide runtime once, before any worker or native connection exists: without its own
 * signal handlers (Ctrl+C belongs to the command's teardown) and with a logger that stays quiet unless asked
 * (--verbose). Only workers and native connections use it, so @temporalio/worker is loaded here, not at start-up.
 */
export function installSdkRuntime(options: { verbose: boolean }): Promise<void> {
  installation ??= import('@temporalio/worker').then(({ DefaultLogger, Runtime }) => {
    const level: LogLevel = options.verbose ? 'INFO' : 'ERROR';
    Runtime.install({
      shutdownSignals: [],
      // Core logs to stderr by itself; a failing workflow task is narrated, so its warning is kept for --verbose.
      telemetryOptions: { logging: { filter: { core: level, other: 'ERROR' } } },
      logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
        // An Error's message is not one of its own enumerable properties: said in words, or the line says nothing.
        const details =
          meta && Object.keys(meta).length > 0
            ? ` ${JSON.stringify(meta, (_key, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value))}`
            : '';
        process.stderr.write(`[sdk ${entryLevel.toLowerCase()}] ${message}${details}\n`);
      }),
    });
  });
  return installation;
}
