import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { encryptionFlags, executableFlags, ipFlag, keyRingFromFlags, stateFile } from '../cli/flags';
import { InvalidInputError } from '../domain/errors';
import { logEncryption, openServer } from '../cli/server-connection';
import { EventBus } from '../events/event-bus';
import { resolveConnectionSettings } from '../temporal/connection-settings';

export default class Server extends BaseCommand<typeof Server> {
  static override enableJsonFlag = false;
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
    'ui-port': Flags.integer({ description: 'Web UI port [default: --port + 1000].', min: 1, max: 65535 }),
    ...ipFlag,
    ui: Flags.boolean({ description: 'Serve the Web UI.', default: true, allowNo: true }),
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

  /** The Web UI's flags make sense together, before anything starts. */
  private checkWebUi(): void {
    const { flags } = this;
    if (!flags.ui && flags['ui-port'] !== undefined) {
      throw new InvalidInputError('--ui-port: the Web UI is off (--no-ui); leave out one of them');
    }
    if (!flags.ui && flags.encrypt) {
      throw new InvalidInputError(
        '--encrypt runs a codec server for the Web UI, which --no-ui turns off; leave out one of them',
      );
    }
    if (flags.ui && flags['ui-port'] === flags.port) {
      throw new InvalidInputError(
        `--ui-port ${flags.port} is the gRPC port too (--port): give them different ports`,
      );
    }
  }

  async run(): Promise<void> {
    const { flags } = this;
    this.checkWebUi();
    const encryption = keyRingFromFlags(flags);
    // It runs until stopped: its events are told as they come, and none is kept.
    const events = new EventBus({ keep: false });
    const story = this.storyFor(events, false);
    const settings = resolveConnectionSettings({ namespace: flags.namespace }, {});
    const uiPort = flags['ui-port'] ?? (flags.port + 1000 <= 65535 ? flags.port + 1000 : undefined);
    const server = await openServer(
      settings,
      {
        kind: 'dev-server',
        temporalCliPath: flags['temporal-cli'],
        ip: flags.ip,
        port: flags.port,
        ui: flags.ui,
        uiPort,
        dbFilename: flags['db-filename'],
        encryption,
      },
      { events, teardown: this.teardown, verbose: flags.verbose },
    );
    story?.stop();
    this.log('');
    this.log(`Temporal dev server is running. Stop it with Ctrl+C.`);
    this.log(`  gRPC address: ${server.address}`);
    this.log(`  namespace:    ${server.namespace}`);
    if (server.uiUrl) this.log(`  Web UI:       ${server.uiUrl}`);
    if (server.codecEndpoint) this.log(`  codec server: ${server.codecEndpoint}`);
    if (flags['db-filename']) this.log(`  state kept in ${flags['db-filename']}`);
    logEncryption(server, (line) => this.log(line));
    this.log('');
    this.log('Next, in other terminals:');
    const keyFile = flags['encryption-key-file'];
    const encrypt = encryption ? ` --encrypt${keyFile ? ` --encryption-key-file ${keyFile}` : ''}` : '';
    this.log(`  ${this.config.bin} worker workflow --address ${server.address}${encrypt}`);
    this.log(`  ${this.config.bin} worker activity --address ${server.address}${encrypt}`);
    this.log(`  ${this.config.bin} start --address ${server.address}${encrypt}`);
    await this.untilInterrupted();
  }
}
