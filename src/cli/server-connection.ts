// From parsed flags to a Temporal server: settings resolved once, flags that cannot apply refused before anything
// starts, the server opened (embedded or external) with its start narrated.
import { InvalidInputError } from '../domain/errors';
import type { EventBus } from '../events/event-bus';
import type { ConnectionSettings } from '../temporal/connection-settings';
import { describeSettings, resolveConnectionSettings } from '../temporal/connection-settings';
import type { KeyRing } from '../temporal/encryption-keys';
import { DEMO_KEY_SOURCE } from '../temporal/encryption-keys';
import type { Teardown } from '../processes/teardown';
import type { ServerOptions, ServerProgress, TemporalServer } from '../temporal/servers/server';
import { openTemporalServer } from '../temporal/servers/open';
import type { ConnectionFlagValues, EncryptionFlagValues, ServerFlagValues } from './flags';
import { keyRingFromFlags, toConnectionFlags } from './flags';

/** Where commands that never start a server (workers, start, approve) connect when nothing else is said. */
export const LOCAL_SERVER_ADDRESS = '127.0.0.1:7233';

export function settingsFromFlags(flags: ConnectionFlagValues): ConnectionSettings {
  return resolveConnectionSettings(toConnectionFlags(flags));
}

/** For the commands that join a running server: the local dev server's address unless another is named. */
function settingsForRunningServer(flags: ConnectionFlagValues): ConnectionSettings {
  const settings = settingsFromFlags(flags);
  return settings.address
    ? settings
    : { ...settings, address: { value: LOCAL_SERVER_ADDRESS, source: 'default' } };
}

function externalUiUrl(flags: { 'ui-url'?: URL }): string | undefined {
  return flags['ui-url']?.toString().replace(/\/+$/, '');
}

/**
 * For `worker`, `start` and `approve`: connect to the running server the flags, environment or profile name, with
 * the keys --encrypt calls for (bad key input refused before anything connects).
 */
export function joinRunningServer(
  flags: ConnectionFlagValues & EncryptionFlagValues & { verbose: boolean },
  teardown: Teardown,
): Promise<TemporalServer> {
  const encryption = keyRingFromFlags(flags);
  return openTemporalServer(
    settingsForRunningServer(flags),
    { kind: 'dev-server', externalUiUrl: externalUiUrl(flags), verbose: flags.verbose, encryption },
    teardown,
  );
}

/** Which key encrypts payloads and where it came from, for the start of a story or a worker's log. */
export function describeEncryption(keys: KeyRing): string {
  const older = keys.ids.filter((id) => id !== keys.current.id);
  return (
    `Payloads are encrypted with key ${keys.current.id} (${keys.source})` +
    (older.length > 0 ? `; older keys that still decrypt: ${older.join(', ')}` : '')
  );
}

/**
 * For the long-running workers: which key they use and, for a key generated for this run, the line that hands it
 * to the other terminals (each would otherwise generate its own, and none could read the others' payloads).
 */
export function logEncryption(server: TemporalServer, log: (line: string) => void): void {
  if (!server.encryption) return;
  log(describeEncryption(server.encryption));
  if (server.encryption.source !== DEMO_KEY_SOURCE) return;
  const exports = Object.entries(server.encryption.asEnvironment())
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  log(`Give the other terminals (workers, start, approve) the same key: export ${exports}`);
}

/** Refuses, before anything starts, the flags that cannot apply to the server these settings lead to. */
export function checkServerFlags(flags: ServerFlagValues, settings: ConnectionSettings): void {
  if (settings.address) {
    const embeddedOnly = [
      flags.server !== 'dev-server' && '--server',
      flags.ui && '--ui',
      flags['keep-server'] && '--keep-server',
      flags['temporal-cli'] && '--temporal-cli',
      flags['test-server'] && '--test-server',
    ].filter(Boolean);
    if (embeddedOnly.length > 0) {
      throw new InvalidInputError(
        `${embeddedOnly.join(', ')} only applies to an embedded server, but ${settings.address.source} names ` +
          `the server ${settings.address.value}`,
      );
    }
    return;
  }
  if (flags['ui-url'])
    throw new InvalidInputError(
      '--ui-url is for a server you name with --address; use --ui for the embedded one',
    );
  if (flags.server === 'time-skipping' && flags.ui) {
    throw new InvalidInputError(
      '--ui: the time-skipping test server has no Web UI; use --server dev-server for it',
    );
  }
}

/** `encryption`: the keys of --encrypt, resolved once for the whole command. */
export function serverOptionsFromFlags(flags: ServerFlagValues, encryption?: KeyRing): ServerOptions {
  return {
    encryption,
    kind: flags.server,
    temporalCliPath: flags['temporal-cli'],
    testServerPath: flags['test-server'],
    ui: flags.ui,
    externalUiUrl: externalUiUrl(flags),
  };
}

export async function openServer(
  settings: ConnectionSettings,
  options: ServerOptions,
  context: { events: EventBus; teardown: Teardown; verbose: boolean },
): Promise<TemporalServer> {
  if (context.verbose) {
    for (const row of describeSettings(settings)) {
      context.events.emit({
        type: 'note',
        text: `setting ${row.setting} = ${row.value} (from ${row.source})`,
      });
    }
  }
  const server = await openTemporalServer(
    settings,
    { ...options, verbose: context.verbose },
    context.teardown,
    serverProgress(context.events),
  );
  context.events.emit({
    type: 'server.ready',
    kind: server.label,
    address: server.address,
    namespace: server.namespace,
    uiUrl: server.uiUrl,
    codecEndpoint: server.codecEndpoint,
  });
  if (server.encryption) context.events.emit({ type: 'note', text: describeEncryption(server.encryption) });
  return server;
}

/** A server's start as the story tells it: which executable, then each stage. */
export function serverProgress(events: EventBus): ServerProgress {
  return {
    starting: (kind, executable) =>
      events.emit({
        type: 'server.starting',
        kind,
        executable: executable.path,
        executableSource: executable.source,
      }),
    step: (text) => events.emit({ type: 'server.step', text }),
  };
}
