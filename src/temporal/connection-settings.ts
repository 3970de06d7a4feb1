// Connection settings the Temporal way: flags, then TEMPORAL_* environment variables, then a temporal.toml
// profile (read by @temporalio/envconfig, exactly as the `temporal` CLI and the SDKs read them), then the
// embedded server. Each effective value remembers where it came from, for `order-demo config` and for errors.
import { accessSync, constants } from 'node:fs';
import type { ClientConfigProfile } from '@temporalio/envconfig';
import { splitProtoHostPort } from './sdk-internals';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { InvalidInputError } from '../domain/errors';

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_PROFILE = 'default';

/** What a user can pass as flags; undefined means "not given". */
export interface ConnectionFlags {
  address?: string;
  namespace?: string;
  apiKey?: string;
  tls?: boolean;
  tlsCertPath?: string;
  tlsKeyPath?: string;
  tlsCaPath?: string;
  tlsServerName?: string;
  profile?: string;
  /** Send an API key over a connection without TLS all the same (see resolveConnectionSettings). */
  apiKeyInClear?: boolean;
}

export interface Sourced<T> {
  value: T;
  /** Where the value came from: `--address`, `TEMPORAL_ADDRESS`, `profile "prod"`, `default`. */
  source: string;
}

export interface ConnectionSettings {
  /** Undefined: no server named anywhere, so an embedded one is started. */
  address?: Sourced<string>;
  namespace: Sourced<string>;
  apiKey?: Sourced<string>;
  tls?: Sourced<boolean>;
  tlsCertPath?: Sourced<string>;
  tlsKeyPath?: Sourced<string>;
  tlsCaPath?: Sourced<string>;
  tlsServerName?: Sourced<string>;
  profile: Sourced<string>;
}

type SettingKey = Exclude<keyof ConnectionSettings, 'profile'>;

const FLAG_NAMES: Record<SettingKey, string> = {
  address: '--address',
  namespace: '--namespace',
  apiKey: '--api-key',
  tls: '--tls',
  tlsCertPath: '--tls-cert-path',
  tlsKeyPath: '--tls-key-path',
  tlsCaPath: '--tls-ca-path',
  tlsServerName: '--tls-server-name',
};

/** The variables envconfig reads for each setting (for naming the source; the values come from envconfig). */
const ENV_NAMES: Record<SettingKey, string> = {
  address: 'TEMPORAL_ADDRESS',
  namespace: 'TEMPORAL_NAMESPACE',
  apiKey: 'TEMPORAL_API_KEY',
  tls: 'TEMPORAL_TLS',
  tlsCertPath: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  tlsKeyPath: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  tlsCaPath: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  tlsServerName: 'TEMPORAL_TLS_SERVER_NAME',
};

export class ConnectionSettingsError extends InvalidInputError {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionSettingsError';
  }
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

type FlatSettings = Partial<Record<SettingKey, string | boolean>>;

function flatten(profile: ClientConfigProfile): FlatSettings {
  const tls = profile.tls;
  const pathOf = (source: { path: string } | { data: unknown } | undefined) =>
    source && 'path' in source ? source.path : undefined;
  return {
    address: profile.address,
    namespace: profile.namespace,
    apiKey: profile.apiKey,
    tls: tls === undefined ? undefined : !tls.disabled,
    tlsCertPath: pathOf(tls?.clientCert),
    tlsKeyPath: pathOf(tls?.clientKey),
    tlsCaPath: pathOf(tls?.serverCACert),
    tlsServerName: tls?.serverName,
  };
}

/**
 * The variables to read, but `names`; an empty one counts as unset, as CI systems hand a secret that was never
 * defined (GitHub Actions' `${{ secrets.X }}`) to the job as an empty string.
 */
function envWithout(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '' && !names.includes(name)) copy[name] = value;
  }
  return copy;
}

function loadProfile(profile: string, named: boolean, env: NodeJS.ProcessEnv): ClientConfigProfile {
  try {
    return loadClientConfigProfile({ profile, disableEnv: true, overrideEnvVars: envWithout(env, []) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // An absent default profile just means there is no config file; a profile the user named must exist.
    if (!named && /not found/i.test(message)) return {};
    throw new ConnectionSettingsError(`cannot read profile "${profile}": ${message}`);
  }
}

export function resolveConnectionSettings(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionSettings {
  const profile: Sourced<string> = flags.profile
    ? { value: flags.profile, source: '--profile' }
    : env.TEMPORAL_PROFILE
      ? { value: env.TEMPORAL_PROFILE, source: 'TEMPORAL_PROFILE' }
      : { value: DEFAULT_PROFILE, source: 'default' };
  const fromProfile = flatten(loadProfile(profile.value, profile.source !== 'default', env));
  const fromEnv = flatten(
    loadClientConfigProfile({ disableFile: true, overrideEnvVars: envWithout(env, ['TEMPORAL_PROFILE']) }),
  );
  const fromFlags: FlatSettings = { ...flags };
  delete (fromFlags as ConnectionFlags).profile;
  delete (fromFlags as ConnectionFlags).apiKeyInClear;

  const pick = <T extends string | boolean>(key: SettingKey): Sourced<T> | undefined => {
    if (fromFlags[key] !== undefined) return { value: fromFlags[key] as T, source: FLAG_NAMES[key] };
    if (fromEnv[key] !== undefined) return { value: fromEnv[key] as T, source: ENV_NAMES[key] };
    if (fromProfile[key] !== undefined)
      return { value: fromProfile[key] as T, source: `profile "${profile.value}"` };
    return undefined;
  };

  const settings: ConnectionSettings = {
    address: pick<string>('address'),
    namespace: pick<string>('namespace') ?? { value: DEFAULT_NAMESPACE, source: 'default' },
    apiKey: pick<string>('apiKey'),
    tls: pick<boolean>('tls'),
    tlsCertPath: pick<string>('tlsCertPath'),
    tlsKeyPath: pick<string>('tlsKeyPath'),
    tlsCaPath: pick<string>('tlsCaPath'),
    tlsServerName: pick<string>('tlsServerName'),
    profile,
  };
  if (settings.address) checkAddress(settings.address);
  if (
    settings.apiKey &&
    settings.tls?.value === false &&
    settings.address &&
    !isLoopback(settings.address.value) &&
    !flags.apiKeyInClear
  ) {
    const turnedOff = settings.tls.source === FLAG_NAMES.tls ? '--no-tls' : settings.tls.source;
    throw new ConnectionSettingsError(
      `the API key (${settings.apiKey.source}) would travel in clear to ${settings.address.value}: ` +
        `${turnedOff} turns TLS off. Use TLS; to send the key unencrypted all the same, add ` +
        '--send-api-key-in-clear',
    );
  }
  if (settings.namespace.value.trim() === '') {
    throw new ConnectionSettingsError(
      `${settings.namespace.source} names an empty namespace: give one, e.g. ${DEFAULT_NAMESPACE}`,
    );
  }
  if (settings.address === undefined) {
    const remoteOnly = (
      ['apiKey', 'tls', 'tlsCertPath', 'tlsKeyPath', 'tlsCaPath', 'tlsServerName'] as const
    ).filter((key) => settings[key] !== undefined && !(key === 'tls' && settings.tls?.value === false));
    if (remoteOnly.length > 0) {
      const named = remoteOnly.map((key) => settings[key]?.source).join(', ');
      throw new ConnectionSettingsError(
        `${named} only applies to a server you name: add --address (or TEMPORAL_ADDRESS) to use it`,
      );
    }
  }
  for (const key of ['tlsCertPath', 'tlsKeyPath', 'tlsCaPath'] as const) {
    const file = settings[key];
    if (file && !readable(file.value)) {
      throw new ConnectionSettingsError(`${file.source} names ${file.value}, which cannot be read`);
    }
  }
  if ((settings.tlsCertPath === undefined) !== (settings.tlsKeyPath === undefined)) {
    throw new ConnectionSettingsError(
      'mTLS needs both a client certificate and its key: give --tls-cert-path and --tls-key-path',
    );
  }
  return settings;
}

/** Whether the address is this machine (nothing that crosses a network can read what is sent to it). */
function isLoopback(address: string): boolean {
  const host = address
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const DNS_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const MAX_PORT = 65_535;

/**
 * A server address is host:port (the port may be left out: the SDK then uses 7233). Refused here, before anything
 * connects, rather than reported later as a server that does not answer.
 */
function checkAddress(address: Sourced<string>): void {
  const given = `${address.source} ${JSON.stringify(address.value)}`;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i;
  if (scheme.test(address.value)) {
    const withoutScheme = address.value.replace(scheme, '').replace(/\/+$/, '');
    throw new ConnectionSettingsError(
      `${given} has a scheme: give host:port without it, e.g. ${withoutScheme || 'localhost:7233'}`,
    );
  }
  const parts = splitProtoHostPort(address.value);
  const hostValid =
    parts !== undefined &&
    parts.scheme === undefined &&
    (address.value.startsWith('[') || IPV4.test(parts.hostname) || DNS_NAME.test(parts.hostname));
  if (!parts || !hostValid) {
    throw new ConnectionSettingsError(
      `${given} is not a server address: expected host:port, e.g. localhost:7233`,
    );
  }
  if (parts.port !== undefined && (parts.port < 1 || parts.port > MAX_PORT)) {
    throw new ConnectionSettingsError(`${given}: port ${parts.port} is out of range (1–${MAX_PORT})`);
  }
}

/** The settings as the envconfig profile they amount to. */
function asProfile(settings: ConnectionSettings): ClientConfigProfile {
  const tlsGiven =
    settings.tls !== undefined ||
    settings.tlsCertPath !== undefined ||
    settings.tlsCaPath !== undefined ||
    settings.tlsServerName !== undefined;
  return {
    address: settings.address?.value,
    namespace: settings.namespace.value,
    apiKey: settings.apiKey?.value,
    tls: tlsGiven
      ? {
          disabled: settings.tls?.value === false,
          clientCert: settings.tlsCertPath && { path: settings.tlsCertPath.value },
          clientKey: settings.tlsKeyPath && { path: settings.tlsKeyPath.value },
          serverCACert: settings.tlsCaPath && { path: settings.tlsCaPath.value },
          serverName: settings.tlsServerName?.value,
        }
      : undefined,
  };
}

/** The options the SDK's connections receive for an external server, built by envconfig. */
export function connectionOptionsFor(settings: ConnectionSettings): NativeConnectionOptions {
  if (!settings.address)
    throw new ConnectionSettingsError('no server address: an embedded server is used instead');
  try {
    return toClientOptions(asProfile(settings)).connectionOptions;
  } catch (error) {
    throw new ConnectionSettingsError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The same settings as TEMPORAL_* variables, for a child process (so that secrets never appear on a command line)
 * — they outrank any profile the child might read.
 */
export function settingsAsEnvironment(settings: ConnectionSettings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(ENV_NAMES) as SettingKey[]) {
    const setting = settings[key];
    if (setting !== undefined) env[ENV_NAMES[key]] = String(setting.value);
  }
  return env;
}

const SECRET_KEYS: ReadonlySet<SettingKey> = new Set(['apiKey']);

export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}…${secret.slice(-2)}`;
}

/** Every effective setting with its source, secrets masked: what `order-demo config` shows. */
export function describeSettings(
  settings: ConnectionSettings,
): { setting: string; value: string; source: string }[] {
  const rows = [{ setting: 'profile', value: settings.profile.value, source: settings.profile.source }];
  for (const key of Object.keys(FLAG_NAMES) as SettingKey[]) {
    const setting = settings[key];
    if (key === 'address' && setting === undefined) {
      rows.push({ setting: 'address', value: '(embedded server)', source: 'default' });
      continue;
    }
    if (setting === undefined) continue;
    const value = SECRET_KEYS.has(key) ? maskSecret(String(setting.value)) : String(setting.value);
    rows.push({ setting: FLAG_NAMES[key].slice(2), value, source: setting.source });
  }
  return rows;
}
