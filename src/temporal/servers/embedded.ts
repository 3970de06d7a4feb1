// What the embedded servers share before either starts: the executable (given, provisioned, or the SDK's download),
// the address and ports (refused with the reason when taken), and, for encrypted payloads and a Web UI, a codec
// server with the same keys so that a person reads them there.
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { watchOwnProcesses } from '../../processes/watchdog';
import type { Teardown } from '../../processes/teardown';
import { findDevServer, findTestServer } from '../../processes/server-executables';
import { startWebUiCodecServer } from '../codec-server';
import { ServerUnavailableError } from '../errors';
import { DEFAULT_IP, ensurePortFree, freePort } from './ports';
import type { ServerOptions, ServerProgress } from './server';

export interface EmbeddedStart {
  executable: EphemeralServerExecutable & { source: string };
  ip: string;
  uiPort?: number;
  /** The codec server the Web UI decrypts payloads through, when one runs. */
  uiCodecEndpoint?: string;
}

function resolveExecutable(options: ServerOptions): EphemeralServerExecutable & { source: string } {
  const found =
    options.kind === 'dev-server'
      ? findDevServer({ flagPath: options.temporalCliPath })
      : findTestServer({ flagPath: options.testServerPath });
  if (found === undefined) {
    return { type: 'cached-download', source: 'the SDK download (needs internet access)' };
  }
  if ('problem' in found) {
    throw new ServerUnavailableError(
      `the ${options.kind} executable ${found.path} (from ${found.source}) ${found.problem}: ` +
        'run `npm run provision` or point to a working one',
    );
  }
  return { type: 'existing-path', path: found.path, source: found.source };
}

export async function prepareEmbeddedServer(
  options: ServerOptions,
  teardown: Teardown,
  progress?: ServerProgress,
): Promise<EmbeddedStart> {
  const executable = resolveExecutable(options);
  const ip = options.ip ?? DEFAULT_IP;
  if (options.port !== undefined) await ensurePortFree(ip, options.port, '--port');
  const uiPort =
    options.kind === 'dev-server' && options.ui ? (options.uiPort ?? (await freePort(ip))) : undefined;
  if (options.uiPort !== undefined && uiPort !== undefined) await ensurePortFree(ip, uiPort, '--ui-port');
  progress?.starting(options.kind, {
    path: executable.type === 'existing-path' ? executable.path : undefined,
    source: executable.source,
  });
  watchOwnProcesses();
  const uiCodecServer =
    options.encryption && uiPort !== undefined
      ? await startWebUiCodecServer(options.encryption, `http://${ip}:${uiPort}`)
      : undefined;
  if (uiCodecServer) teardown.add('codec server', () => uiCodecServer.close());
  return { executable, ip, uiPort, uiCodecEndpoint: uiCodecServer?.url };
}

/** The Web UI's address, when one runs. */
export function uiUrlOf({ ip, uiPort }: EmbeddedStart): string | undefined {
  return uiPort === undefined ? undefined : `http://${ip}:${uiPort}`;
}
