// What this CLI changes from the dev server's and the SDK's defaults for speed, each kept because it measured faster
// here (figures in docs/performance.md), or — Worker Versioning's drainage — because a demo cannot wait minutes.
// None of it changes what a workflow does: every scenario runs on a server started with these settings, and passes.
// The cluster gets the same dynamic config (every key applies to Temporal Server as much as to the dev server that
// embeds it) and the same collector setting.

/** Dynamic config of every embedded server (unless `bench --sdk-defaults`). */
export const SERVER_DYNAMIC_CONFIG: Readonly<Record<string, string | number | boolean>> = {
  // One partition per task queue instead of four: with a handful of pollers, a task no longer waits in a partition
  // nobody polls right then. The largest gain (about +25%).
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  // The dev server re-reads search attributes on every read so that new ones show at once; none are created here.
  'system.forceSearchAttributesCacheRefreshOnRead': false,
  // A worker that runs workflows and activities gets an activity with the workflow task that scheduled it.
  'system.enableActivityEagerExecution': true,
  // Worker Versioning (the versioning scenario): a version that is no longer current is found DRAINED seconds after
  // its last pinned workflow closed, instead of minutes (by default the server waits 3 min for visibility to catch
  // up, then checks every 3 min). Worker Versioning itself needs nothing here: server 1.29 has it on by default.
  'matching.wv.VersionDrainageStatusVisibilityGracePeriod': '1s',
  'matching.wv.VersionDrainageStatusRefreshInterval': '1s',
};

/** The dev server's flags for SERVER_DYNAMIC_CONFIG: each value as JSON, as the flag reads it (a string quoted). */
export const DEV_SERVER_TUNING: readonly string[] = Object.entries(SERVER_DYNAMIC_CONFIG).flatMap(
  ([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`],
);

/** The Go runtime's collector runs half as often: a few percent of the server's CPU, for more memory. */
export const DEV_SERVER_ENVIRONMENT: Readonly<Record<string, string>> = { GOGC: '200' };
