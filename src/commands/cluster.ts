import { Flags } from '@oclif/core';
import { Chalk } from 'chalk';
import { clusterDataFolder } from '../cli/files';
import { openServer } from '../cli/server-connection';
import type { Serving } from '../cli/foreground-server-command';
import { ForegroundServerCommand } from '../cli/foreground-server-command';
import { checkWebUiFlags, serverAddressLines, webUiFlags, webUiPort } from '../cli/web-ui';
import type { EventBus } from '../events/event-bus';
import { clusterReportLines } from '../narration/cluster-report';
import { supervisionLines } from '../narration/supervision';
import { HISTORY_SHARDS } from '../processes/cluster/config';
import type { SupervisionEvent } from '../processes/cluster/service-process';
import { resolveConnectionSettings } from '../temporal/connection-settings';

/** How long the history hosts may take to own every shard once the cluster answers. */
const SHARDS_SETTLE_MS = 30_000;

export default class Cluster extends ForegroundServerCommand<typeof Cluster> {
  static override summary =
    'The real engine in the foreground: Temporal Server’s services and PostgreSQL as separate processes, until Ctrl+C.';
  static override description =
    'PostgreSQL (its database made and the schemas set up by Temporal’s SQL tool), then Temporal Server’s frontend, ' +
    `matching, two history hosts sharing ${HISTORY_SHARDS} history shards, and the worker service, each a process ` +
    'of its own on 127.0.0.1, with the namespace registered and a Web UI. Prints the address, every process with its ' +
    'role, PID and port, and the shards each history host owns. Every scenario, chaos and bench run against it with ' +
    '--address; --server cluster starts one for a single run instead. Ctrl+C, SIGTERM or a kill of this command stop ' +
    'every process of it, PostgreSQL included. Each Temporal service runs under a supervisor, as production runs ' +
    'it: one that exits on its own is told (its status and last lines) and started again after a backoff. The ' +
    'first start builds Temporal Server with Go.';
  static override examples = [
    {
      description:
        'A throwaway cluster (its folder goes at the end), the frontend on 7233, the Web UI on 8233',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Keep the database across runs',
      command: '<%= config.bin %> <%= command.id %> --data /srv/order-demo-cluster',
    },
    {
      description:
        'Then, in another terminal: every scenario that can run on a server this CLI does not start',
      command: '<%= config.bin %> all --address 127.0.0.1:7233',
    },
  ];
  static override flags = {
    port: Flags.integer({
      description: 'gRPC port of the frontend; 0 for any free port.',
      default: 7233,
      min: 0,
      max: 65535,
    }),
    ...webUiFlags,
    data: Flags.custom<string>({
      helpValue: 'DIR',
      description:
        'Keep the cluster’s database, its password and the configuration in this folder (created if missing) ' +
        'across runs: a folder of your own, with no symbolic link in it; default: a throwaway folder.',
      parse: clusterDataFolder,
    })(),
    namespace: Flags.string({ description: 'Namespace to register.', default: 'default' }),
  };

  protected async serve(events: EventBus): Promise<Serving> {
    const { flags } = this;
    checkWebUiFlags(flags);
    const settings = resolveConnectionSettings({ namespace: flags.namespace }, {});
    const server = await openServer(
      settings,
      {
        kind: 'cluster',
        port: flags.port === 0 ? undefined : flags.port,
        ui: flags.ui,
        uiPort: webUiPort(flags),
        clusterFolder: flags.data,
      },
      { events, teardown: this.teardown, verbose: flags.verbose },
    );
    const { historyShards, supervisor } = server;
    if (!historyShards || !supervisor) throw new Error('the cluster did not start');
    const owners = await historyShards.ownersOnceSettled(SHARDS_SETTLE_MS, this.interruption.signal);
    const c = new Chalk({ level: this.useColor ? 1 : 0 });
    return {
      report: [
        'Temporal cluster is running',
        ...serverAddressLines(server, [`  folder:       ${flags.data ?? 'throwaway (removed at the end)'}`]),
        ...clusterReportLines(server.processes(), owners, HISTORY_SHARDS),
      ],
      next: [
        `${this.invocation} all --address ${server.address}`,
        `${this.invocation} bench --address ${server.address}`,
      ],
      follow: (log) => {
        // Told as they come, those of the start included.
        const tell = (event: SupervisionEvent) => supervisionLines(event, c).forEach(log);
        supervisor.supervision.forEach(tell);
        supervisor.onSupervision(tell);
      },
    };
  }
}
