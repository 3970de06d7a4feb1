// The direction of flow is enforced, not only written down: the lint rule of eslint.layers.mjs refuses an import (or,
// in a CommonJS file of src/, a require) that runs the wrong way, an SDK-internal path outside its adapter, a
// spinner outside narration/ and the SDK in a command, and lets the right way through. Linted here with the layer
// rules alone (no type information needed).
import path from 'node:path';
import { expect } from 'chai';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { packageRoot } from '../../src/processes/server-executables';

interface LayerModule {
  layerRules: NonNullable<ConstructorParameters<typeof ESLint>[0]>['overrideConfig'];
  MAY_IMPORT: Record<string, string[]>;
}

describe('the direction of flow is a lint rule', () => {
  let eslint: ESLint;
  let layers: LayerModule;

  before(async () => {
    const file = path.join(packageRoot(), 'eslint.layers.mjs');
    layers = (await import(file)) as LayerModule;
    eslint = new ESLint({
      cwd: packageRoot(),
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        ...(Array.isArray(layers.layerRules) ? layers.layerRules : []),
      ],
    });
  });

  async function problems(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(packageRoot(), file) });
    return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
  }

  const refused: { file: string; code: string; because: RegExp }[] = [
    {
      file: 'src/domain/x.ts',
      code: "import { ALL_SCENARIOS } from '../scenarios/catalog';\nexport const x = ALL_SCENARIOS;\n",
      because: /domain\/ may import only nothing of ours/,
    },
    {
      file: 'src/processes/x.ts',
      code: "import type { TemporalServer } from '../temporal/servers/server';\nexport type X = TemporalServer;\n",
      because: /processes\/ may import only domain, events/,
    },
    {
      file: 'src/scenarios/x.ts',
      code: "import { formatDuration } from '../narration/format';\nexport const x = formatDuration;\n",
      because: /scenarios\/ may import only/,
    },
    {
      file: 'src/temporal/servers/x.ts',
      code: "import { chaos } from '../../chaos/chaos';\nexport const x = chaos;\n",
      because: /temporal\/ may import only/,
    },
    {
      file: 'src/verification/x.ts',
      code: "import { EventBus } from '../events/event-bus';\nexport const x = EventBus;\n",
      because: /verification\/ reads the server, not our events/,
    },
    {
      file: 'src/workflows/versions/x.ts',
      code: "import { startWorker } from '../../temporal/workers';\nexport const x = startWorker;\n",
      because: /workflows\/ may import only domain/,
    },
    {
      // A CommonJS file of src/ (server-executables.js runs at install, before any build) is held to the same rule.
      file: 'src/processes/x.js',
      code: "const { TemporalServer } = require('../temporal/servers/server');\nmodule.exports = TemporalServer;\n",
      because: /processes\/ may import only domain, events/,
    },
    {
      file: 'src/temporal/history.ts',
      code: "import { visit } from '@temporalio/common/lib/internal-non-workflow';\nexport const x = visit;\n",
      because: /SDK-internal path/,
    },
    {
      file: 'src/chaos/x.ts',
      code: "import ora from 'ora';\nexport const x = ora;\n",
      because: /Spinners live in narration/,
    },
    {
      file: 'src/commands/x.ts',
      code: "import { Client } from '@temporalio/client';\nexport const x = Client;\n",
      because: /Commands talk to Temporal through/,
    },
  ];
  for (const { file, code, because } of refused) {
    it(`refuses ${file} importing ${/(?:from |require\()'([^']+)'/.exec(code)?.[1]}`, async () => {
      const found = await problems(file, code);
      expect(
        found.some((problem) => because.test(problem)),
        found.join('\n'),
      ).to.equal(true);
    });
  }

  it('lets the right way through: a command importing a run, a scenario the runtime, the adapter the SDK internals', async () => {
    expect(
      await problems(
        'src/commands/x.ts',
        "import { chaos } from '../chaos/chaos';\nexport const x = chaos;\n",
      ),
    ).to.deep.equal([]);
    expect(
      await problems(
        'src/scenarios/x.ts',
        "import { startWorker } from '../temporal/workers';\nexport const x = startWorker;\n",
      ),
    ).to.deep.equal([]);
    expect(
      await problems(
        'src/verification/x.ts',
        "import type { WorkerRole } from '../events/events';\nexport type X = WorkerRole;\n",
      ),
    ).to.deep.equal([]);
    expect(
      await problems(
        'src/processes/x.js',
        "const { DEFAULT_SPEED } = require('../domain/speed');\nmodule.exports = DEFAULT_SPEED;\n",
      ),
    ).to.deep.equal([]);
    expect(
      await problems(
        'src/temporal/sdk-internals.ts',
        "export { visit } from '@temporalio/common/lib/internal-non-workflow';\n",
      ),
    ).to.deep.equal([]);
  });

  it('names every folder of src/ (a new folder must take its place in the direction of flow)', async () => {
    const { readdirSync } = await import('node:fs');
    const folders = readdirSync(path.join(packageRoot(), 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(Object.keys(layers.MAY_IMPORT)).to.have.members(folders);
  });
});
