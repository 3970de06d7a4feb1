// A real embedded Temporal server for tests (the dev server unless another kind is asked for), opened the way the
// commands open it, with what a run may need of it (a dev server it can kill and restart).
import { resolveConnectionSettings } from '../../src/temporal/connection-settings';
import { Teardown } from '../../src/processes/teardown';
import type { ServerNeeds } from '../../src/runs/runnable';
import type { EmbeddedServerKind, TemporalServer } from '../../src/temporal/servers/server';
import { openTemporalServer } from '../../src/temporal/servers/open';

export interface TestServer {
  server: TemporalServer;
  teardown: Teardown;
}

export async function startTestServer(
  kind: EmbeddedServerKind = 'dev-server',
  needs: ServerNeeds = {},
): Promise<TestServer> {
  const teardown = new Teardown();
  const settings = resolveConnectionSettings({}, { TEMPORAL_CONFIG_FILE: 'no-such-temporal.toml' });
  const server = await openTemporalServer(
    settings,
    { kind, restartable: needs.restartable, ownProcess: needs.ownProcess, untuned: needs.untuned },
    teardown,
  );
  return { server, teardown };
}
