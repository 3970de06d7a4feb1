// Every flag that more than one command takes, defined once.
import { isIP } from 'node:net';
import type { Interfaces } from '@oclif/core';
import { Flags } from '@oclif/core';
import { InvalidInputError } from '../domain/errors';
import { DEFAULT_SPEED, MAX_SPEED, MIN_SPEED, parseSpeed } from '../domain/speed';
import type { ConnectionFlags } from '../temporal/connection-settings';
import type { KeyRing } from '../temporal/encryption-keys';
import { KEY_ENV, KEY_ID_ENV, resolveKeyRing } from '../temporal/encryption-keys';
import { EMBEDDED_SERVER_KINDS } from '../temporal/servers/server';
import { historiesFolder, ledgerFolder, reportFile, reportFolder } from './files';

// `server` and `cluster` import these two from here: to be imported from ./files once those commands change.

const CONNECTION = 'CONNECTION';
const SERVER = 'EMBEDDED SERVER';
const ENCRYPTION = 'ENCRYPTION';

/** A web address a browser is sent to or called from: http or https only (never javascript:, file: and the like). */
export async function webUrl(input: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new InvalidInputError(
      `${JSON.stringify(input)} is not a URL: give one like https://temporal.example.com`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`${JSON.stringify(input)} is not an http or https URL`);
  }
  return url;
}

/** Where the server is and how to reach it; unset means the embedded server. Environment and profiles apply too. */
export const connectionFlags = {
  address: Flags.string({
    helpGroup: CONNECTION,
    description: 'Temporal server to use (host:port) instead of an embedded one. Env: TEMPORAL_ADDRESS.',
  }),
  namespace: Flags.string({
    helpGroup: CONNECTION,
    description: 'Namespace [default: default]. Env: TEMPORAL_NAMESPACE.',
  }),
  'api-key': Flags.string({
    helpGroup: CONNECTION,
    description: 'API key (Temporal Cloud). Env: TEMPORAL_API_KEY.',
  }),
  tls: Flags.boolean({ helpGroup: CONNECTION, allowNo: true, description: 'Use TLS. Env: TEMPORAL_TLS.' }),
  'send-api-key-in-clear': Flags.boolean({
    helpGroup: CONNECTION,
    description:
      'Send the API key over a connection without TLS all the same: anyone on the network path can read it. ' +
      'Refused otherwise, except to this machine.',
  }),
  'tls-cert-path': Flags.string({ helpGroup: CONNECTION, description: 'Client certificate for mTLS.' }),
  'tls-key-path': Flags.string({ helpGroup: CONNECTION, description: 'Client private key for mTLS.' }),
  'tls-ca-path': Flags.string({ helpGroup: CONNECTION, description: "Server's CA certificate." }),
  'tls-server-name': Flags.string({
    helpGroup: CONNECTION,
    description: 'Server name to verify the TLS certificate against.',
  }),
  profile: Flags.string({
    helpGroup: CONNECTION,
    description: 'Profile of temporal.toml to read [default: default]. Env: TEMPORAL_PROFILE.',
  }),
  'ui-url': Flags.custom<URL>({
    helpGroup: CONNECTION,
    description:
      "Web UI of that server (http or https), for links to each workflow (Temporal Cloud's is known).",
    parse: webUrl,
  })(),
};

export type ConnectionFlagValues = Interfaces.InferredFlags<typeof connectionFlags>;

export function toConnectionFlags(flags: ConnectionFlagValues): ConnectionFlags {
  return {
    address: flags.address,
    namespace: flags.namespace,
    apiKey: flags['api-key'],
    tls: flags.tls,
    tlsCertPath: flags['tls-cert-path'],
    tlsKeyPath: flags['tls-key-path'],
    tlsCaPath: flags['tls-ca-path'],
    tlsServerName: flags['tls-server-name'],
    profile: flags.profile,
    apiKeyInClear: flags['send-api-key-in-clear'],
  };
}

/** The embedded server's executable. */
export const executableFlags = {
  'temporal-cli': Flags.string({
    helpGroup: SERVER,
    description:
      'Temporal CLI executable for the embedded dev server. Else TEMPORAL_CLI_PATH, `temporal` on PATH, the provisioned copy.',
  }),
};

/** Which embedded server, when no --address is given, and what to do with it. */
export const embeddedServerFlags = {
  ...executableFlags,
  server: Flags.option({
    helpGroup: SERVER,
    options: EMBEDDED_SERVER_KINDS,
    default: 'dev-server' as const,
    description:
      'dev-server: the Temporal CLI dev server, real time. time-skipping: the Java test server, which skips ahead ' +
      'whenever the workflow only waits on timers. cluster: the real engine, Temporal Server’s services (two ' +
      'history hosts) and PostgreSQL as separate processes, started for the run (see `cluster`). regions: two ' +
      'regions of the real engine replicated to each other, the run in the active one with the global namespace ' +
      'orders (see `regions`).',
  })(),
  'test-server': Flags.string({
    helpGroup: SERVER,
    description: 'Time-skipping test server launcher. Else TEMPORAL_TEST_SERVER_PATH, the provisioned copy.',
  }),
  ui: Flags.boolean({
    helpGroup: SERVER,
    description: "Turn on the embedded dev server's Web UI and print a link to each workflow.",
  }),
  'keep-server': Flags.boolean({
    helpGroup: SERVER,
    description: 'Keep the embedded server up after the scenario, until Ctrl+C, to browse the history.',
  }),
};

/** --speed, at this default (a run's own, or the sample's real pace). */
export function speedFlag(defaultSpeed = DEFAULT_SPEED) {
  return {
    speed: Flags.custom<number>({
      description: `Divide every latency and timeout by this (${MIN_SPEED}–${MAX_SPEED}); 10 runs ten times faster.`,
      default: defaultSpeed,
      parse: async (input) => parseSpeed(input),
    })(),
  };
}

/** The address a server of this CLI listens on (`server`, `codec-server`): an IP address, checked before it starts. */
export const ipFlag = {
  ip: Flags.custom<string>({
    description: 'Address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every interface.',
    default: '127.0.0.1',
    parse: async (input) => {
      if (isIP(input) === 0) {
        throw new InvalidInputError(
          `${JSON.stringify(input)} is not an IP address: give one to listen on, e.g. 127.0.0.1 or 0.0.0.0`,
        );
      }
      return input;
    },
  })(),
};

/** Payload encryption, for every command that talks to a server. */
export const encryptionFlags = {
  encrypt: Flags.boolean({
    helpGroup: ENCRYPTION,
    description:
      'Encrypt every payload (AES-256-GCM) before it leaves this process, and decrypt what the server returns. ' +
      `Key: --encryption-key-file, else ${KEY_ENV} (+ ${KEY_ID_ENV}), else a demo key generated for the run.`,
  }),
  'encryption-key-file': Flags.string({
    helpGroup: ENCRYPTION,
    dependsOn: ['encrypt'],
    description:
      'File of "<key id> <base64 key>" lines: the first key encrypts, the others still decrypt older payloads.',
  }),
};

/** The keys of a command that only decrypts what others encrypted (`codec-server`, `replay-check`). */
export const decryptionKeyFileFlag = {
  'encryption-key-file': Flags.string({
    helpGroup: ENCRYPTION,
    description: `Keys, one "<key id> <base64 key>" a line, the current one first. Else ${KEY_ENV} (+ ${KEY_ID_ENV}).`,
  }),
};

/** The flags that decide which server a command uses. */
export type ServerFlagValues = Interfaces.InferredFlags<typeof connectionFlags & typeof embeddedServerFlags>;

export type EncryptionFlagValues = Interfaces.InferredFlags<typeof encryptionFlags>;

/** The keys --encrypt uses (bad key input is refused here, exit 2); none without --encrypt. */
export function keyRingFromFlags(flags: EncryptionFlagValues): KeyRing | undefined {
  return flags.encrypt ? resolveKeyRing(flags['encryption-key-file']) : undefined;
}

/** --report of one run: an HTML file whose folder exists or can be created, checked before anything starts. */
export const reportFileFlag = {
  report: Flags.custom<string>({
    helpValue: 'FILE.html',
    description:
      'Also write the run as a self-contained HTML page: its timeline, the checks, the IDs. With --encrypt it holds ' +
      'the order decrypted, and is written readable by you only.',
    parse: (input) => reportFile(input, 'HTML'),
  })(),
};

/** --junit: a JUnit XML file for CI, checked before anything starts like --report. */
export const junitFileFlag = {
  junit: Flags.custom<string>({
    helpValue: 'FILE.xml',
    description:
      'Also write the results as JUnit XML, for CI to show as test results (GitHub Actions test reporters, ' +
      "GitLab's artifacts:reports:junit, Jenkins): a test case per scenario (chaos: one for the run), with its " +
      'checks and their evidence. With --encrypt the evidence quotes the history decrypted, and the file is ' +
      'written readable by you only.',
    parse: (input) => reportFile(input, 'XML'),
  })(),
};

/** --report of `all`: a folder for one page per scenario and an index. */
export const reportFolderFlag = {
  report: Flags.custom<string>({
    helpValue: 'DIR',
    description:
      'Also write one self-contained HTML page per scenario into this folder, and an index.html. With --encrypt the ' +
      'pages hold the orders decrypted, and are written readable by you only.',
    parse: reportFolder,
  })(),
};

/** The timeline printed after a run; never in --json output, where the JSON carries it. */
export const timelineFlag = {
  timeline: Flags.boolean({
    allowNo: true,
    default: true,
    description:
      "Print the run's timeline after it (activities, attempts, timer, signal), from the server's history.",
  }),
};

/** Where every workflow run's history goes, for replay tests and `replay-check`. */
export const keepHistoriesFlag = {
  'keep-histories': Flags.custom<string>({
    helpValue: 'DIR',
    description:
      "Write each workflow run's event history as JSON into this folder (created if missing), as `temporal " +
      'workflow show --output json` does; check workflow code against them with `order-demo replay-check DIR`. ' +
      'With --encrypt, they hold the orders decrypted, and are written readable by you only.',
    parse: historiesFolder,
  })(),
};

/** Where the run's ledger of external effects stays; without it, a temporary folder removed at the end. */
export const keepLedgerFlag = {
  'keep-ledger': Flags.custom<string>({
    helpValue: 'DIR',
    description:
      'Keep the ledger of external effects (charges, reservations, packed items, deliveries) in this folder, ' +
      'created if missing; read it with `order-demo ledger DIR`.',
    parse: ledgerFolder,
  })(),
};

/** `worker activity`'s ledger: the folder a worker records effects in, shared with other workers. */
export const ledgerFlag = {
  ledger: Flags.custom<string>({
    helpValue: 'DIR',
    description:
      'Record the external effects in the ledger of this folder (created if missing), shared with other workers.',
    parse: ledgerFolder,
  })(),
};
