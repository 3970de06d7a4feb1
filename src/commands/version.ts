import { BaseCommand } from '../cli/base-command';
import { versions } from '../processes/installation';

export default class Version extends BaseCommand<typeof Version> {
  static override summary =
    'Show the versions a bug report needs: order-demo, the Temporal SDK and CLI, Node.';
  static override description =
    'The same as --version: this program and how it is installed (checkout, npm package or single executable), ' +
    'the Temporal TypeScript SDK inside it, the Temporal CLI (dev server) a scenario would start and where it was ' +
    'found, the Node.js that runs it and the platform.';
  static override examples = ['<%= config.bin %> --version', '<%= config.bin %> <%= command.id %> --json'];

  async run() {
    const found = await versions(this.config.version);
    const cli =
      'problem' in found.temporalCli
        ? found.temporalCli.problem
        : `${found.temporalCli.version} (${found.temporalCli.source}: ${found.temporalCli.path})`;
    this.log(`order-demo ${found.orderDemo} (${found.installation})`);
    this.log(`Temporal TypeScript SDK ${found.temporalSdk}`);
    this.log(`Temporal CLI ${cli}`);
    this.log(`Node.js ${found.node} on ${found.platform}`);
    return found;
  }
}
