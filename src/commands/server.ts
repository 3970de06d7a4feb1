import { Flags } from '@oclif/core';
import { stateFile } from '../cli/files';
import { encryptionFlags, executableFlags, ipFlag, keyRingFromFlags } from '../cli/flags';
import { logEncryption, openServer } from '../cli/server-connection';
import type { Serving } from '../cli/foreground-server-command';
import { ForegroundServerCommand } from '../cli/foreground-server-command';
import { checkWebUiFlags, serverAddressLines, webUiFlags, webUiPort } from '../cli/web-ui';
import type { EventBus } from '../events/event-bus';
import { resolveConnectionSettings } from '../temporal/connection-settings';

export default class Server extends ForegroundServerCommand<typeof Server> {
  static override summary = 'The embedded Temporal dev server in the foreground, until Ctrl+C.';
  static override description =
    'For the multi-terminal walkthrough of the sample: run this in one terminal, `worker workflow` and `worker ' +
    'activity` in two more, then `start` and `approve`. Prints the gRPC address and the Web UI URL. With ' +
    '--db-filename the server keeps its workflows in a SQLite file across restarts.';
  static override examples = [
    {
      description: 'On the usual ports (gRPC 7233, Web UI 8233)',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Keep workflows across restarts',
      command: '<%= config.bin %> <%= command.id %> --db-filename order-demo.sqlite',
    },
    {
      description: 'A Web UI that decrypts the payloads of --encrypt workers (a codec server with their key)',
      command: '<%= config.bin %> <%= command.id %> --encrypt --encryption-key-file keys.txt',
    },
    {
      description: 'Another port, no Web UI',
      command: '<%= config.bin %> <%= command.id %> --port 7234 --no-ui',
    },
  ];
  static override flags = {
    port: Flags.integer({ description: 'gRPC port.', default: 7233, min: 1, max: 65535 }),
    'ui-port': webUiFlags['ui-port'],
    ...ipFlag,
    ui: webUiFlags.ui,
    'db-filename': Flags.custom<string>({
      description: 'SQLite file that keeps the server state across restarts.',
      parse: stateFile,
    })(),
    namespace: Flags.string({ description: 'Namespace to create.', default: 'default' }),
    ...executableFlags,
    encrypt: Flags.boolean({
      description:
        'Also run a codec server with the keys of the --encrypt workers and point the Web UI at it, so that it ' +
        'shows their payloads decrypted.',
    }),
    'encryption-key-file': encryptionFlags['encryption-key-file'],
  };

  protected async serve(events: EventBus): Promise<Serving> {
    const { flags } = this;
    checkWebUiFlags(flags);
    const encryption = keyRingFromFlags(flags);
    const settings = resolveConnectionSettings({ namespace: flags.namespace }, {});
    const server = await openServer(
      settings,
      {
        kind: 'dev-server',
        temporalCliPath: flags['temporal-cli'],
        ip: flags.ip,
        port: flags.port,
        ui: flags.ui,
        uiPort: webUiPort(flags),
        dbFilename: flags['db-filename'],
        encryption,
      },
      { events, teardown: this.teardown, verbose: flags.verbose },
    );
    const state = flags['db-filename'] ? [`  state kept in ${flags['db-filename']}`] : [];
    const report = ['Temporal dev server is running', ...serverAddressLines(server, state)];
    logEncryption(server, (line) => report.push(line));
    const keyFile = flags['encryption-key-file'];
    const encrypt = encryption ? ` --encrypt${keyFile ? ` --encryption-key-file ${keyFile}` : ''}` : '';
    return {
      report,
      next: ['worker workflow', 'worker activity', 'start'].map(
        (command) => `${this.config.bin} ${command} --address ${server.address}${encrypt}`,
      ),
    };
  }
}
