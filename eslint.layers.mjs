// The direction of flow (ARCHITECTURE.md, docs/development.md): each folder of src/ may import only the folders
// below it. An import the other way fails the lint, and so `npm test`.
const RUNTIME = [
  'domain',
  'events',
  'workflows',
  'activities',
  'services',
  'processes',
  'verification',
  'temporal',
];
const RUNS = ['domain', 'events', 'workflows', 'services', 'processes', 'temporal', 'verification', 'runs'];
const EVERYTHING_BUT_COMMANDS = [...RUNTIME, 'runs', 'scenarios', 'chaos', 'bench', 'narration'];

export const MAY_IMPORT = {
  domain: [],
  events: ['domain'],
  workflows: ['domain'],
  services: ['domain'],
  // The checks read the server's record and the ledger, never the event stream (its types only: see below).
  verification: ['domain', 'events', 'services'],
  activities: ['domain', 'events', 'services'],
  processes: ['domain', 'events'],
  temporal: RUNTIME.filter((folder) => folder !== 'temporal'),
  runs: RUNS.filter((folder) => !['runs', 'workflows'].includes(folder)),
  scenarios: RUNS,
  chaos: RUNS,
  bench: RUNS,
  narration: ['domain', 'events', 'services', 'verification', 'runs', 'scenarios', 'chaos', 'bench'],
  cli: EVERYTHING_BUT_COMMANDS,
  // The single executable's launcher: it runs before anything it carries is unpacked, so nothing of ours above it.
  executable: [],
  commands: [...EVERYTHING_BUT_COMMANDS, 'cli'],
};
const FOLDERS = Object.keys(MAY_IMPORT);

/** SDK paths that are not its public API: only temporal/sdk-internals.ts imports them. */
const SDK_INTERNALS = {
  regex: '^@temporalio/[^/]+/lib/',
  message: 'SDK-internal path: import it from src/temporal/sdk-internals.ts, the one adapter for them.',
};

function importRules(folder, { sdkInternals = false } = {}) {
  const forbidden = FOLDERS.filter((other) => other !== folder && !MAY_IMPORT[folder].includes(other));
  const below = MAY_IMPORT[folder].join(', ') || 'nothing of ours';
  const patterns = [
    ...(forbidden.length > 0
      ? [
          {
            regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
            message: `${folder}/ may import only ${below} (the direction of flow, ARCHITECTURE.md).`,
          },
        ]
      : []),
    ...(sdkInternals ? [] : [SDK_INTERNALS]),
    ...(folder === 'verification'
      ? [
          {
            regex: '^(\\.\\./)+events(/|$)',
            allowTypeImports: true,
            message: 'verification/ reads the server, not our events.',
          },
        ]
      : []),
    ...(folder === 'narration'
      ? []
      : [{ regex: '^ora$', message: 'Spinners live in narration/progress-line.ts.' }]),
    ...(folder === 'executable'
      ? [
          {
            regex: '^(?!node:|\\./)',
            message: "The launcher runs before anything is unpacked: Node's own modules (node:…) only.",
          },
        ]
      : []),
    // Commands go through the library: no SDK, no gRPC of their own.
    ...(folder === 'commands'
      ? [
          {
            regex: '^(@temporalio|@grpc)/',
            message: 'Commands talk to Temporal through src/temporal/ and the runs.',
          },
        ]
      : []),
  ];
  return { 'no-restricted-imports': ['error', { patterns }] };
}

/**
 * The same refusals for a CommonJS file of src/ (one that must run before any build, e.g. from `postinstall`):
 * `require(…)` of a path, as no-restricted-imports sees only `import`.
 */
function requireRules(folder) {
  const [{ patterns }] = importRules(folder)['no-restricted-imports'].slice(1);
  return {
    'no-restricted-syntax': [
      'error',
      ...patterns.map(({ regex, message }) => ({
        selector: `CallExpression[callee.name='require'] > Literal.arguments[value=/${regex.replaceAll('/', '\\/')}/]`,
        message,
      })),
    ],
  };
}

/** One block per folder of src/, the SDK adapter's exception, and the tests (anything but SDK internals). */
export const layerRules = [
  ...FOLDERS.map((folder) => ({ files: [`src/${folder}/**/*.ts`], rules: importRules(folder) })),
  ...FOLDERS.map((folder) => ({ files: [`src/${folder}/**/*.js`], rules: requireRules(folder) })),
  { files: ['src/temporal/sdk-internals.ts'], rules: importRules('temporal', { sdkInternals: true }) },
  { files: ['test/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [SDK_INTERNALS] }] } },
];
