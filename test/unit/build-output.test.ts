// The build starts from an empty dist/: a test or a command deleted or renamed in the sources never runs from its
// old compiled file. Every compiled file has its source.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';

function compiledFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) return compiledFiles(entryPath);
    return entry.name.endsWith('.js') ? [entryPath] : [];
  });
}

describe('the build output', () => {
  it('holds nothing compiled from a source that no longer exists', () => {
    const root = packageRoot();
    const dist = path.join(root, 'dist');
    const orphans = [...compiledFiles(path.join(dist, 'src')), ...compiledFiles(path.join(dist, 'test'))]
      .map((file) => path.relative(dist, file))
      .filter((file) => {
        const source = path.join(root, file.replace(/\.js$/, ''));
        return !existsSync(`${source}.ts`) && !existsSync(`${source}.js`);
      });
    expect(orphans, 'compiled files without a source: build from a clean dist/').to.deep.equal([]);
  });
});
