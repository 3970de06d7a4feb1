// A real embedded Temporal server for tests (the dev server unless another kind is asked for), opened the way the
// commands open it.
import { resolveConnectionSettings } from '../../src/temporal/connection-settings';
import { Teardown } from '../../src/processes/teardown';
import type { EmbeddedServerKind, TemporalServer } from '../../src/temporal/servers/server';
import { openTemporalServer } from '../../src/temporal/servers/open';

export interface TestServer {
  server: TemporalServer;
  teardown: Teardown;
}

export async function startTestServer(kind: EmbeddedServerKind = 'dev-server'): Promise<TestServer> {
  const teardown = new Teardown();
  const settings = resolveConnectionSettings({}, { TEMPORAL_CONFIG_FILE: 'no-such-temporal.toml' });
  const server = await openTemporalServer(settings, { kind }, teardown);
  return { server, teardown };
}
