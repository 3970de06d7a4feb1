import Table from 'cli-table3';
import { BaseCommand } from '../cli/base-command';
import { connectionFlags } from '../cli/flags';
import { LOCAL_SERVER_ADDRESS, settingsFromFlags } from '../cli/server-connection';
import { describeSettings } from '../temporal/connection-settings';

export default class Config extends BaseCommand<typeof Config> {
  static override summary = 'Show the connection settings in effect and where each one comes from.';
  static override description =
    'Settings come from flags, then TEMPORAL_* environment variables, then the temporal.toml profile ' +
    '(TEMPORAL_CONFIG_FILE, or the default file; --profile or TEMPORAL_PROFILE picks the profile), exactly as ' +
    'the temporal CLI and the SDKs read them. With no address anywhere, scenarios start an embedded server. ' +
    'Secrets are masked.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --profile prod',
    'TEMPORAL_ADDRESS=my-ns.a1b2c.tmprl.cloud:7233 TEMPORAL_API_KEY=… <%= config.bin %> <%= command.id %> --json',
  ];
  static override flags = { ...connectionFlags };

  async run() {
    const settings = settingsFromFlags(this.flags);
    const rows = describeSettings(settings);
    const table = new Table({ head: ['setting', 'value', 'from'], style: { head: [], border: [] } });
    for (const row of rows) table.push([row.setting, row.value, row.source]);
    this.log(table.toString());
    this.log(
      settings.address
        ? `Commands connect to ${settings.address.value}.`
        : `No server is named: scenario commands start an embedded one; worker, start and approve use ${LOCAL_SERVER_ADDRESS}.`,
    );
    return { server: settings.address ? 'external' : 'embedded', settings: rows };
  }
}
