import { Flags } from '@oclif/core';
import type { Serving } from '../cli/foreground-server-command';
import { ForegroundServerCommand } from '../cli/foreground-server-command';
import { serverProgress } from '../cli/server-connection';
import type { EventBus } from '../events/event-bus';
import { regionsReportLines } from '../narration/regions-report';
import { MASTER_REGION } from '../processes/regions/config';
import { startRegions } from '../temporal/servers/regions';

export default class Regions extends ForegroundServerCommand<typeof Regions> {
  static override summary =
    'Two regions of the real engine, replicated, in the foreground: a global namespace active in one, until Ctrl+C.';
  static override description =
    'PostgreSQL with a pair of databases per region, then two Temporal Servers, region-a and region-b (every ' +
    'service in one process each), configured for global namespaces and registered at each other as remote ' +
    `clusters; the global namespace orders is registered on ${MASTER_REGION}, active there, and replicated to the ` +
    'other region. Prints both addresses, which region each says is active, at which failover version, and every ' +
    'process. Run the scenarios against the active region with --address and --namespace orders: every event they ' +
    'write is replicated to the other region. Ctrl+C, SIGTERM or a kill of this command stop every process of it. ' +
    'The first start builds Temporal Server with Go.';
  static override examples = [
    {
      description: 'region-a on 7233, region-b on 7333',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Then, in another terminal: every scenario it can run, in region-a',
      command: '<%= config.bin %> all --address 127.0.0.1:7233 --namespace orders',
    },
  ];
  static override flags = {
    port: Flags.integer({
      description: 'gRPC port of region-a’s frontend; 0 for any free port.',
      default: 7233,
      min: 0,
      max: 65535,
    }),
    'region-b-port': Flags.integer({
      description: 'gRPC port of region-b’s frontend; 0 for any free port.',
      default: 7333,
      min: 0,
      max: 65535,
    }),
  };

  protected async serve(events: EventBus): Promise<Serving> {
    const { flags } = this;
    const portOf = (port: number) => (port === 0 ? undefined : port);
    const started = await startRegions(
      { 'region-a': portOf(flags.port), 'region-b': portOf(flags['region-b-port']) },
      this.teardown,
      serverProgress(events),
    );
    const views = await started.views();
    const active = started.regions.address(MASTER_REGION);
    return {
      report: [
        'Two regions are running',
        ...regionsReportLines(started.namespace, views, started.regions.processes()),
      ],
      next: [`${this.invocation} all --address ${active} --namespace ${started.namespace}`],
    };
  }
}
