// The integration tier: the CLI as a user runs it, on real servers. Its tests mostly wait (on servers, timers,
// child processes), so its files run two at a time (mocha's parallel mode: each file in a worker process, with a
// temporary folder of its own, see test/helpers/leftovers.ts), the longest first, so that none of them starts last
// and holds up the end. Three at a time saved two and a half minutes on 2 cores, and lost runs to the load: a
// port another process took while a server started, failovers past their deadlines.
const { readdirSync } = require('node:fs');
const path = require('node:path');

const FOLDERS = ['workflows', 'cli', 'interop', 'browser'];
/** The files that take half a minute or more here, longest first, as last measured; then the others. */
const LONGEST_FIRST = [
  'cli/cluster',
  'cli/npm-package',
  'cli/ci-snippets',
  'cli/chaos',
  'cli/where-it-runs',
  'cli/all',
  'cli/encryption',
  'interop/python-sample',
  'cli/single-executable',
  'cli/compensation',
  'cli/scenarios',
  'cli/hard-kill',
  'cli/versioning-killed',
  'cli/crash-scenarios',
  'cli/interrupt',
  // Two regions and their chaos load the machine as much as the cluster's file does: started last, once the
  // cluster's file is done, rather than beside it (the cluster's failovers then missed their deadlines).
  'cli/regions',
];

const built = path.join(__dirname, 'dist', 'test');
const files = FOLDERS.flatMap((folder) =>
  readdirSync(path.join(built, folder))
    .filter((name) => name.endsWith('.test.js') && !name.endsWith('.time-skipping.test.js'))
    .map((name) => `${folder}/${name.slice(0, -'.test.js'.length)}`),
);
const missing = LONGEST_FIRST.filter((file) => !files.includes(file));
if (missing.length > 0)
  throw new Error(`.mocharc.integration.cjs names test files that are not built: ${missing}`);
const rank = (file) => (LONGEST_FIRST.includes(file) ? LONGEST_FIRST.indexOf(file) : LONGEST_FIRST.length);

module.exports = {
  require: ['dist/test/helpers/leftovers.js'],
  'forbid-only': true,
  parallel: true,
  jobs: 2,
  spec: files
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((file) => path.join('dist', 'test', `${file}.test.js`)),
  timeout: 120000,
  slow: 10000,
  reporter: 'spec',
  'enable-source-maps': true,
};
