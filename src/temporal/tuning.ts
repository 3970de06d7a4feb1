// What this CLI changes from the dev server's and the SDK's defaults for speed, each kept because it measured faster
// here (figures in docs/performance.md), or — Worker Versioning's drainage — because a demo cannot wait minutes.
// None of it changes what a workflow does: every scenario runs on a server started with these settings, and passes.

const dynamicConfig = (key: string, value: string | number | boolean) => [
  '--dynamic-config-value',
  `${key}=${value}`,
];

/** Dynamic config of every embedded dev server (unless `bench --sdk-defaults`). */
export const DEV_SERVER_TUNING: readonly string[] = [
  // One partition per task queue instead of four: with a handful of pollers, a task no longer waits in a partition
  // nobody polls right then. The largest gain (about +25%).
  ...dynamicConfig('matching.numTaskqueueReadPartitions', 1),
  ...dynamicConfig('matching.numTaskqueueWritePartitions', 1),
  // The dev server re-reads search attributes on every read so that new ones show at once; none are created here.
  ...dynamicConfig('system.forceSearchAttributesCacheRefreshOnRead', false),
  // A worker that runs workflows and activities gets an activity with the workflow task that scheduled it.
  ...dynamicConfig('system.enableActivityEagerExecution', true),
  // Worker Versioning (the versioning scenario): a version that is no longer current is found DRAINED seconds after
  // its last pinned workflow closed, instead of minutes (by default the server waits 3 min for visibility to catch
  // up, then checks every 3 min). Worker Versioning itself needs nothing here: server 1.29 has it on by default.
  ...dynamicConfig('matching.wv.VersionDrainageStatusVisibilityGracePeriod', '"1s"'),
  ...dynamicConfig('matching.wv.VersionDrainageStatusRefreshInterval', '"1s"'),
];

/** The Go runtime's collector runs half as often: a few percent of the server's CPU, for more memory. */
export const DEV_SERVER_ENVIRONMENT: Readonly<Record<string, string>> = { GOGC: '200' };
