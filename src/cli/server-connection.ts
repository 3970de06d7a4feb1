// From parsed flags to a Temporal server: settings resolved once, the SDK runtime installed, the server opened
// (embedded or external) with its start narrated.
import type { EventBus } from '../narration/event-bus';
import type { ConnectionSettings } from '../temporal/connection-settings';
import { resolveConnectionSettings } from '../temporal/connection-settings';
import { installSdkRuntime } from '../temporal/sdk-runtime';
import type { Teardown } from '../temporal/teardown';
import type { EmbeddedServerOptions, TemporalServer } from '../temporal/temporal-server';
import { openTemporalServer } from '../temporal/temporal-server';
import type { ParsedConnectionFlags } from './flags';
import { toConnectionFlags } from './flags';

/** Where commands that never start a server (workers, start, approve) connect when nothing else is said. */
export const LOCAL_SERVER_ADDRESS = '127.0.0.1:7233';

export function settingsFromFlags(flags: ParsedConnectionFlags): ConnectionSettings {
  return resolveConnectionSettings(toConnectionFlags(flags));
}

/** For the commands that join a running server: the local dev server's address unless another is named. */
export function settingsForRunningServer(flags: ParsedConnectionFlags): ConnectionSettings {
  const settings = settingsFromFlags(flags);
  return settings.address
    ? settings
    : { ...settings, address: { value: LOCAL_SERVER_ADDRESS, source: 'default' } };
}

export async function openServer(
  settings: ConnectionSettings,
  embedded: EmbeddedServerOptions,
  options: { events: EventBus; teardown: Teardown; verbose: boolean },
): Promise<TemporalServer> {
  installSdkRuntime({ verbose: options.verbose });
  const server = await openTemporalServer(settings, embedded, options.teardown, {
    starting: (kind, executable) =>
      options.events.emit({
        type: 'server.starting',
        kind,
        executable: executable.path,
        executableSource: executable.source,
      }),
  });
  options.events.emit({
    type: 'server.ready',
    kind: server.kind,
    address: server.address,
    namespace: server.namespace,
    uiUrl: server.uiUrl,
  });
  return server;
}
