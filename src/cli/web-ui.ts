// What the foreground servers (`server`, `cluster`) share: the Web UI's flags, their checks and default port, and
// the banner that says where the server answers.
import { Flags } from '@oclif/core';
import { InvalidInputError } from '../domain/errors';
import type { TemporalServer } from '../temporal/servers/server';

export const webUiFlags = {
  'ui-port': Flags.integer({ description: 'Web UI port [default: --port + 1000].', min: 1, max: 65535 }),
  ui: Flags.boolean({ description: 'Serve the Web UI.', default: true, allowNo: true }),
};

interface WebUiFlagValues {
  port: number;
  ui: boolean;
  'ui-port'?: number;
  /** A codec server for the Web UI (`server --encrypt`). */
  encrypt?: boolean;
}

/** The Web UI's flags make sense together, before anything starts. */
export function checkWebUiFlags(flags: WebUiFlagValues): void {
  if (!flags.ui && flags['ui-port'] !== undefined) {
    throw new InvalidInputError('--ui-port: the Web UI is off (--no-ui); leave out one of them');
  }
  if (!flags.ui && flags.encrypt) {
    throw new InvalidInputError(
      '--encrypt runs a codec server for the Web UI, which --no-ui turns off; leave out one of them',
    );
  }
  if (flags.ui && flags['ui-port'] === flags.port) {
    throw new InvalidInputError(
      `--ui-port ${flags.port} is the gRPC port too (--port): give them different ports`,
    );
  }
}

/** The Web UI's port: --ui-port, else the gRPC port + 1000, else (none, or off the range) any free one. */
export function webUiPort(flags: WebUiFlagValues): number | undefined {
  if (!flags.ui) return undefined;
  const beside = flags.port > 0 && flags.port + 1000 <= 65535 ? flags.port + 1000 : undefined;
  return flags['ui-port'] ?? beside;
}

/** Where a foreground server answers; `more` about its state. */
export function serverAddressLines(server: TemporalServer, more: readonly string[] = []): string[] {
  return [
    `  gRPC address: ${server.address}`,
    `  namespace:    ${server.namespace}`,
    ...(server.uiUrl ? [`  Web UI:       ${server.uiUrl}`] : []),
    ...(server.codecEndpoint ? [`  codec server: ${server.codecEndpoint}`] : []),
    ...more,
  ];
}
