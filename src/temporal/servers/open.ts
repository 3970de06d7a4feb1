// One way in to a Temporal server for every command: connect to the one the settings name, or start an embedded
// one — the dev server as this CLI's own process whenever its executable is here (so that a command can crash,
// restart or measure it, and load the SDK's worker half while it boots); the SDK's test environment for the
// time-skipping server and for the SDK's own download of the dev server. @temporalio/testing and @temporalio/worker
// take about half a second to load: they are imported only once an embedded server or a worker connection is
// opened, so commands that only talk to a server start quickly. The real engine (cluster.ts) is Temporal Server's
// services and PostgreSQL as this CLI's own processes.
import { prepareEmbeddedServer } from './embedded';
import { startCluster } from './cluster';
import { openRegions } from './regions-control';
import { connectToExternalServer } from './external';
import { startOwnDevServer } from './own-dev-server';
import { startSdkEnvironment } from './sdk-environment';
import type { OpenServer } from './server';

export const openTemporalServer: OpenServer = async (settings, options, teardown, progress) => {
  if (settings.address) return connectToExternalServer(settings, options, teardown);
  if (options.kind === 'cluster') return startCluster(settings, options, teardown, progress);
  if (options.kind === 'regions') return openRegions(settings, options, teardown, progress);
  const start = await prepareEmbeddedServer(options, teardown, progress);
  return options.kind === 'dev-server' && (start.executable.type === 'existing-path' || options.ownProcess)
    ? startOwnDevServer(settings, options, start, teardown)
    : startSdkEnvironment(settings, options, start, teardown);
};
