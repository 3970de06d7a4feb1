// What a process this CLI starts gets of its environment: only what it needs to run here — where programs and
// temporary files are, the locale and time zone, proxies and certificate settings a connection may need, Node's
// options, this CLI's own markers — and then what its caller hands it on purpose (the server's settings, a key).
// Never the rest: secrets of the parent's environment (keys, tokens, passwords) stay in the parent.

const PASSED_ON = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  // Where the single executable keeps what it unpacks: its children find the same copy.
  'XDG_CACHE_HOME',
  'TMP',
  'TEMP',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'all_proxy',
  'no_proxy',
]);

/** This CLI's own variables that hold a secret: handed on only by the caller that means to. */
const SECRETS = new Set([
  'ORDER_DEMO_ENCRYPTION_KEY',
  'ORDER_DEMO_ENCRYPTION_KEY_ID',
  'ORDER_DEMO_CODEC_AUTH',
]);

function passedOn(name: string): boolean {
  if (SECRETS.has(name)) return false;
  return PASSED_ON.has(name) || name.startsWith('LC_') || name.startsWith('ORDER_DEMO_');
}

/** The environment of a child process: the parent's `parent` filtered as above, then `given`. */
export function childEnvironment(
  given: Readonly<Record<string, string>> = {},
  parent: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && passedOn(name)) environment[name] = value;
  }
  return { ...environment, ...given };
}
