// A real embedded Temporal dev server for tests, opened the way the commands open it.
import { resolveConnectionSettings } from '../../src/temporal/connection-settings';
import { Teardown } from '../../src/processes/teardown';
import type { TemporalServer } from '../../src/temporal/servers/server';
import { openTemporalServer } from '../../src/temporal/servers/open';

export interface TestServer {
  server: TemporalServer;
  teardown: Teardown;
}

export async function startTestServer(): Promise<TestServer> {
  const teardown = new Teardown();
  const settings = resolveConnectionSettings({}, { TEMPORAL_CONFIG_FILE: 'no-such-temporal.toml' });
  const server = await openTemporalServer(settings, { kind: 'dev-server' }, teardown);
  return { server, teardown };
}
