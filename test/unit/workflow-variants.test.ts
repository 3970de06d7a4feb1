// The workflow code a worker can run is declared where it lives (src/workflows/variants.ts), and the runtime reaches
// it by importing that declaration, never by a path into the folders above it: such a path is an arrow back up that
// the layer lint, which reads imports, cannot see.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';
import { packageRoot } from '../../src/processes/server-executables';
import { WORKFLOW_VARIANTS, workflowModules } from '../../src/workflows/variants';

const SRC = path.join(packageRoot(), 'src');

/** The string literals given to path.join or path.resolve in a source file. */
function pathLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.getText(source) === 'path' &&
      ['join', 'resolve'].includes(node.expression.name.text)
    ) {
      found.push(...node.arguments.filter(ts.isStringLiteralLike).map((argument) => argument.text));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the workflow variants', () => {
  it('are declared by the workflow code: every variant’s modules are in src/workflows/, under its lint', () => {
    // Compiled tests resolve the compiled modules: dist/src/workflows/.
    const workflowsFolder = path.join(
      path.dirname(require.resolve('../../src/workflows/variants')),
      path.sep,
    );
    const elsewhere = WORKFLOW_VARIANTS.flatMap((variant) => {
      const { workflowsPath, workflowInterceptorModules } = workflowModules(variant);
      return [workflowsPath, ...workflowInterceptorModules]
        .filter((module) => !module.startsWith(workflowsFolder))
        .map((module) => `${variant}: ${module}`);
    });
    expect(elsewhere).to.deep.equal([]);
  });

  it('are found by the runtime without a path into the folders above it', async () => {
    const { MAY_IMPORT } = (await import(path.join(packageRoot(), 'eslint.layers.mjs'))) as {
      MAY_IMPORT: Record<string, string[]>;
    };
    // The runs and everything that drives them; the runtime below them may name none of them.
    const above = Object.keys(MAY_IMPORT).filter(
      (folder) => folder === 'runs' || MAY_IMPORT[folder].includes('runs'),
    );
    const runtime = Object.keys(MAY_IMPORT).filter((folder) => !above.includes(folder));
    const paths = runtime.flatMap((folder) =>
      readdirSync(path.join(SRC, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.[jt]s$/.test(file))
        .flatMap((file) =>
          pathLiterals(path.join(SRC, folder, file))
            .filter((literal) => above.includes(literal.split('/')[0]))
            .map((literal) => `src/${folder}/${file}: '${literal}'`),
        ),
    );
    expect(paths).to.deep.equal([]);
  });
});
