import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command';
import { decryptionKeyFileFlag, ipFlag, webUrl } from '../cli/flags';
import { codecServerReport } from '../narration/codec-server-report';
import { DEFAULT_CODEC_ORIGINS, startCodecServer } from '../temporal/codec-server';
import { DEMO_KEY_SOURCE, KEY_ENV, resolveKeyRing } from '../temporal/encryption-keys';

export default class CodecServer extends BaseCommand<typeof CodecServer> {
  static override enableJsonFlag = false;
  static override summary =
    'A codec server for the Web UI and the `temporal` CLI: decrypts the payloads of --encrypt runs, until Ctrl+C.';
  static override description =
    'Answers POST /encode and /decode as the Temporal Web UI and `temporal … --codec-endpoint` call them, with the ' +
    `keys of --encryption-key-file or ${KEY_ENV} (the same keys the workers use). The Web UI calls it from the ` +
    'browser: its origin must be allowed (--origin). The keys never leave this process; the server only sees ' +
    'ciphertext.';
  static override examples = [
    {
      description: `With the key the workers use (${KEY_ENV})`,
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'The dev server’s Web UI, pointed at it',
      command: 'temporal server start-dev --ui-codec-endpoint http://127.0.0.1:8888',
    },
    {
      description: 'Decrypted history in the terminal',
      command:
        'temporal workflow show --workflow-id order-order-1-1795625955 --codec-endpoint http://127.0.0.1:8888',
    },
    {
      description:
        'Another Web UI, and a token the callers must send (in the environment, where `ps` does not show it)',
      command:
        'ORDER_DEMO_CODEC_AUTH="$(openssl rand -hex 16)" <%= config.bin %> <%= command.id %> --origin https://temporal.example.com',
    },
  ];
  static override flags = {
    port: Flags.integer({ description: 'Port to listen on.', default: 8888, min: 1, max: 65535 }),
    ...ipFlag,
    origin: Flags.custom<URL>({
      description: `A Web UI (http or https) allowed to call it from the browser; repeatable [default: ${DEFAULT_CODEC_ORIGINS.join(' and ')}].`,
      multiple: true,
      parse: webUrl,
    })(),
    auth: Flags.string({
      description:
        'Require "Authorization: Bearer <this token>" on every request. Prefer ORDER_DEMO_CODEC_AUTH: a value on ' +
        'the command line is visible to every user of the machine (ps).',
      env: 'ORDER_DEMO_CODEC_AUTH',
    }),
    ...decryptionKeyFileFlag,
  };

  async run(): Promise<void> {
    const { flags } = this;
    const keys = resolveKeyRing(flags['encryption-key-file']);
    const origins = flags.origin?.map((url) => url.origin) ?? DEFAULT_CODEC_ORIGINS;
    const server = await startCodecServer({
      keys,
      ip: flags.ip,
      port: flags.port,
      origins,
      authToken: flags.auth,
    });
    this.teardown.add('codec server', () => server.close());
    const { lines, warning } = codecServerReport(
      server,
      { ids: keys.ids, source: keys.source, generated: keys.source === DEMO_KEY_SOURCE, variable: KEY_ENV },
      Boolean(flags.auth),
    );
    // It decrypts for whoever asks: a person must know that before anything else.
    if (warning) this.logToStderr(warning);
    for (const line of lines) this.log(line);
    await this.untilInterrupted();
  }
}
