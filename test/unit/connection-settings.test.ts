// Connection settings the Temporal way: precedence, sources, masking, and the options the SDK receives for TLS and
// API keys (the embedded dev server cannot check those, so the options themselves are tested).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  connectionOptionsFor,
  ConnectionSettingsError,
  describeSettings,
  resolveConnectionSettings,
  settingsAsEnvironment,
} from '../../src/temporal/connection-settings';
import { makeTemporaryFolder, removeTemporaryFolder } from '../helpers/temporary-folder';

// A temporal.toml and the files it names, in a temporary folder made before the tests and removed after them.
let folder: string;
let configFile: string;
let certFile: string;
let keyFile: string;
let caFile: string;

function writeSettingsFiles(): void {
  folder = makeTemporaryFolder('settings');
  configFile = path.join(folder, 'temporal.toml');
  certFile = path.join(folder, 'client.pem');
  keyFile = path.join(folder, 'client.key');
  caFile = path.join(folder, 'ca.pem');
  writeFileSync(certFile, 'CERT');
  writeFileSync(keyFile, 'KEY');
  writeFileSync(caFile, 'CA');
  writeFileSync(
    configFile,
    [
      '[profile.default]',
      'address = "default-profile:7233"',
      'namespace = "from-default-profile"',
      '[profile.prod]',
      'address = "prod.a1b2c.tmprl.cloud:7233"',
      'namespace = "prod.a1b2c"',
      'api_key = "profile-secret-key"',
      '[profile.cleartext]',
      'address = "plain.example.com:7233"',
      'api_key = "cleartext-key"',
      '[profile.cleartext.tls]',
      'disabled = true',
      '[profile.mtls]',
      'address = "mtls.example.com:7233"',
      '[profile.mtls.tls]',
      `client_cert_path = "${certFile}"`,
      `client_key_path = "${keyFile}"`,
      'server_name = "mtls.internal"',
    ].join('\n'),
  );
}

const withFile = (env: Record<string, string> = {}) => ({ TEMPORAL_CONFIG_FILE: configFile, ...env });
const noFile = (env: Record<string, string> = {}) => ({
  TEMPORAL_CONFIG_FILE: path.join(folder, 'none.toml'),
  ...env,
});

describe('connection settings', () => {
  before(writeSettingsFiles);
  after(() => removeTemporaryFolder(folder));

  describe('precedence: flag > environment > profile > embedded default', () => {
    it('uses the embedded server when nothing names one', () => {
      const settings = resolveConnectionSettings({}, noFile());
      expect(settings.address).to.equal(undefined);
      expect(settings.namespace).to.deep.equal({ value: 'default', source: 'default' });
    });

    it('reads the default profile of temporal.toml', () => {
      const settings = resolveConnectionSettings({}, withFile());
      expect(settings.address).to.deep.equal({ value: 'default-profile:7233', source: 'profile "default"' });
      expect(settings.namespace.value).to.equal('from-default-profile');
    });

    it('lets the environment override the profile, and a flag override both', () => {
      const env = withFile({ TEMPORAL_ADDRESS: 'env:7233', TEMPORAL_NAMESPACE: 'env-ns' });
      const fromEnv = resolveConnectionSettings({}, env);
      expect(fromEnv.address).to.deep.equal({ value: 'env:7233', source: 'TEMPORAL_ADDRESS' });
      expect(fromEnv.namespace).to.deep.equal({ value: 'env-ns', source: 'TEMPORAL_NAMESPACE' });
      const fromFlag = resolveConnectionSettings({ address: 'flag:7233' }, env);
      expect(fromFlag.address).to.deep.equal({ value: 'flag:7233', source: '--address' });
      expect(fromFlag.namespace.source).to.equal('TEMPORAL_NAMESPACE');
    });

    it('takes an empty variable as unset, as CI systems pass a secret that was never defined', () => {
      const settings = resolveConnectionSettings(
        {},
        noFile({ TEMPORAL_ADDRESS: 'env:7233', TEMPORAL_NAMESPACE: '', TEMPORAL_API_KEY: '' }),
      );
      expect(settings.address).to.deep.equal({ value: 'env:7233', source: 'TEMPORAL_ADDRESS' });
      expect(settings.namespace).to.deep.equal({ value: 'default', source: 'default' });
      expect(settings.apiKey).to.equal(undefined);
    });

    it('picks the profile from --profile, then TEMPORAL_PROFILE', () => {
      expect(resolveConnectionSettings({ profile: 'prod' }, withFile()).apiKey).to.deep.equal({
        value: 'profile-secret-key',
        source: 'profile "prod"',
      });
      const fromEnv = resolveConnectionSettings({}, withFile({ TEMPORAL_PROFILE: 'prod' }));
      expect(fromEnv.profile).to.deep.equal({ value: 'prod', source: 'TEMPORAL_PROFILE' });
      expect(fromEnv.address?.value).to.equal('prod.a1b2c.tmprl.cloud:7233');
    });

    it('refuses a named profile that does not exist', () => {
      expect(() => resolveConnectionSettings({ profile: 'nope' }, withFile())).to.throw(
        ConnectionSettingsError,
        /profile "nope"/,
      );
    });
  });

  describe('refusals', () => {
    it('refuses remote-only settings without a server to apply them to', () => {
      expect(() => resolveConnectionSettings({ apiKey: 'k' }, noFile())).to.throw(/--api-key only applies/);
      expect(() => resolveConnectionSettings({}, noFile({ TEMPORAL_TLS: 'true' }))).to.throw(
        /TEMPORAL_TLS only applies/,
      );
    });

    it('refuses half an mTLS pair and files it cannot read', () => {
      expect(() => resolveConnectionSettings({ address: 'a:1', tlsCertPath: certFile }, noFile())).to.throw(
        /both a client certificate and its key/,
      );
      expect(() =>
        resolveConnectionSettings({ address: 'a:1', tlsCaPath: path.join(folder, 'no.pem') }, noFile()),
      ).to.throw(/--tls-ca-path names .*no\.pem, which cannot be read/);
    });
  });

  describe('the options the SDK receives', () => {
    it('plain host:port without TLS', () => {
      const options = connectionOptionsFor(
        resolveConnectionSettings({ address: 'localhost:7233' }, noFile()),
      );
      expect(options).to.deep.include({ address: 'localhost:7233' });
      expect(options.tls).to.equal(undefined);
      expect(options.apiKey).to.equal(undefined);
    });

    it('an API key turns TLS on, as for Temporal Cloud', () => {
      const options = connectionOptionsFor(resolveConnectionSettings({ profile: 'prod' }, withFile()));
      expect(options).to.deep.include({
        address: 'prod.a1b2c.tmprl.cloud:7233',
        apiKey: 'profile-secret-key',
      });
      expect(options.tls).to.equal(true);
    });

    it('refuses an API key over a connection without TLS, from a flag, the environment or a profile', () => {
      expect(() => resolveConnectionSettings({ address: 'a:1', apiKey: 'k', tls: false }, noFile())).to.throw(
        /the API key \(--api-key\) would travel in clear to a:1: --no-tls turns TLS off\. Use TLS; .*--send-api-key-in-clear/,
      );
      expect(() =>
        resolveConnectionSettings(
          {},
          { ...noFile(), TEMPORAL_ADDRESS: 'a:1', TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' },
        ),
      ).to.throw(/the API key \(TEMPORAL_API_KEY\) would travel in clear to a:1: TEMPORAL_TLS turns TLS off/);
      expect(() => resolveConnectionSettings({ profile: 'cleartext' }, withFile())).to.throw(
        /the API key \(profile "cleartext"\) would travel in clear to plain\.example\.com:7233: profile "cleartext" turns TLS off/,
      );
    });

    it('keeps an API key on a plaintext connection to this machine, or when told so in plain words', () => {
      for (const address of ['localhost:7233', '127.0.0.1:7233', '[::1]:7233']) {
        const options = connectionOptionsFor(
          resolveConnectionSettings({ address, apiKey: 'k', tls: false }, noFile()),
        );
        expect(options.apiKey, address).to.equal('k');
      }
      const options = connectionOptionsFor(
        resolveConnectionSettings({ address: 'a:1', apiKey: 'k', tls: false, apiKeyInClear: true }, noFile()),
      );
      expect(options.apiKey).to.equal('k');
      expect(options.tls === undefined || options.tls === false).to.equal(true);
    });

    it('mTLS: the client certificate and key files, the server name', () => {
      const options = connectionOptionsFor(resolveConnectionSettings({ profile: 'mtls' }, withFile()));
      const tls = options.tls as {
        clientCertPair?: { crt: Buffer; key: Buffer };
        serverNameOverride?: string;
      };
      expect(Buffer.from(tls.clientCertPair?.crt ?? []).toString()).to.equal('CERT');
      expect(Buffer.from(tls.clientCertPair?.key ?? []).toString()).to.equal('KEY');
      expect(tls.serverNameOverride).to.equal('mtls.internal');
    });

    it('flags for TLS: CA, server name', () => {
      const settings = resolveConnectionSettings(
        { address: 'a:1', tls: true, tlsCaPath: caFile, tlsServerName: 'server.internal' },
        noFile(),
      );
      const tls = connectionOptionsFor(settings).tls as {
        serverRootCACertificate?: Buffer;
        serverNameOverride?: string;
      };
      expect(Buffer.from(tls.serverRootCACertificate ?? []).toString()).to.equal('CA');
      expect(tls.serverNameOverride).to.equal('server.internal');
    });
  });

  it('masks secrets and names each source', () => {
    const rows = describeSettings(
      resolveConnectionSettings({ namespace: 'flag-ns' }, withFile({ TEMPORAL_PROFILE: 'prod' })),
    );
    expect(rows).to.deep.include({ setting: 'api-key', value: 'prof…ey', source: 'profile "prod"' });
    expect(rows).to.deep.include({ setting: 'namespace', value: 'flag-ns', source: '--namespace' });
    expect(JSON.stringify(rows)).to.not.contain('profile-secret-key');
  });

  it('hands a child process the same settings as TEMPORAL_* variables', () => {
    const settings = resolveConnectionSettings({ profile: 'mtls', namespace: 'ns' }, withFile());
    const again = resolveConnectionSettings({}, noFile(settingsAsEnvironment(settings)));
    for (const key of ['address', 'namespace', 'tlsCertPath', 'tlsKeyPath', 'tlsServerName'] as const) {
      expect(again[key]?.value, key).to.equal(settings[key]?.value);
    }
  });
});
