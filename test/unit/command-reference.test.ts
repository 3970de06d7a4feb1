import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { commandReference, readInputs } from '../../scripts/command-reference';
import { packageRoot } from '../../src/processes/server-executables';

/** Where two texts first part: line number and both lines, for a message a person can act on. */
function firstDifference(committed: string, expected: string): string {
  const [a, b] = [committed.split('\n'), expected.split('\n')];
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '(end of file)')}, built ${JSON.stringify(b[at] ?? '(end of file)')}`;
}

describe('the command reference (docs/commands.md)', () => {
  const root = packageRoot();

  it('is what this build’s oclif manifest makes of it', () => {
    const { manifest, cli } = readInputs(root);
    const expected = commandReference(manifest, cli);
    const committed = readFileSync(path.join(root, 'docs', 'commands.md'), 'utf8');
    if (committed !== expected) {
      expect.fail(
        'docs/commands.md differs from the commands as built: run `npm run build` (it rewrites the page from ' +
          `oclif.manifest.json) and commit docs/commands.md. First difference at ${firstDifference(committed, expected)}`,
      );
    }
  });

  it('lists every command that is not hidden, topics with spaces, and leaves hidden flags out', () => {
    const { manifest, cli } = readInputs(root);
    const reference = commandReference(manifest, cli);
    for (const command of Object.values(manifest.commands)) {
      const heading = `## ${cli.bin} ${command.id.replaceAll(':', ' ')}\n`;
      expect(reference.includes(heading), heading).to.equal(!command.hidden);
    }
    expect(reference).to.include('## order-demo worker activity\n');
    expect(manifest.commands['worker:activity'].flags['report-to-parent']?.hidden).to.equal(true);
    expect(reference).not.to.include('report-to-parent');
    expect(reference).not.to.match(/<%/);
  });

  it('renders usage, flag groups, defaults, options and examples from a manifest', () => {
    const reference = commandReference(
      {
        version: '1.0.0',
        commands: {
          'shop:buy': {
            id: 'shop:buy',
            summary: 'Buy *one* thing.',
            description: 'Takes <ITEM> from the shelf.\nPays for it.',
            aliases: [],
            hidden: false,
            hiddenAliases: [],
            args: { item: { name: 'item', description: 'What to buy.', required: true } },
            flags: {
              colour: {
                name: 'colour',
                type: 'option',
                description: 'Its colour.',
                options: ['red', 'blue'],
                default: 'red',
                multiple: false,
              },
              secret: {
                name: 'secret',
                type: 'boolean',
                description: 'Hidden.',
                hidden: true,
                allowNo: false,
              },
              json: {
                name: 'json',
                type: 'boolean',
                description: 'As JSON.',
                helpGroup: 'GLOBAL',
                allowNo: false,
              },
            },
            examples: [
              '<%= config.bin %> <%= command.id %> apple',
              { description: 'In blue', command: '<%= config.bin %> <%= command.id %> apple --colour blue' },
            ],
          },
        },
      },
      { bin: 'shopper', topicSeparator: ' ' },
    );
    expect(reference).to.include('- [`shopper shop buy`](#shopper-shop-buy) — Buy \\*one\\* thing.');
    expect(reference).to.include('Takes \\<ITEM\\> from the shelf.\n\nPays for it.');
    expect(reference).to.include('```text\nshopper shop buy ITEM [--colour red|blue] [--json]\n```');
    expect(reference).to.include('- `ITEM` — What to buy.');
    expect(reference).to.include(
      '**Flags**\n\n- `--colour=<option>` — Its colour. One of `red`, `blue`. Default: `red`.',
    );
    expect(reference).to.include('**Global flags**\n\n- `--json` — As JSON.');
    expect(reference).not.to.include('secret');
    expect(reference).to.include(
      '```bash\nshopper shop buy apple\n\n# In blue\nshopper shop buy apple --colour blue\n```',
    );
  });
});
