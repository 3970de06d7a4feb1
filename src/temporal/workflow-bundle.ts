// The workflow code that workers load. Bundling (webpack) takes seconds, so the build writes one bundle per variant
// to dist/bundles/ and workers load those; running from sources (bin/dev.js) bundles on the fly instead. Which
// variants there are, and their modules, the workflows declare (src/workflows/variants.ts).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { packageRoot } from '../processes/server-executables';
import type { WorkflowVariant } from '../workflows/variants';
import { WORKFLOW_VARIANTS, workflowModules } from '../workflows/variants';

function bundlePath(variant: WorkflowVariant): string {
  return path.join(packageRoot(), 'dist', 'bundles', `${variant}.js`);
}

export function workflowCodeFor(
  variant: WorkflowVariant,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'interceptors'> {
  const prebuilt = bundlePath(variant);
  const runningFromSources = __filename.endsWith('.ts');
  if (!runningFromSources && existsSync(prebuilt)) return { workflowBundle: { codePath: prebuilt } };
  const { workflowsPath, workflowInterceptorModules } = workflowModules(variant);
  return { workflowsPath, interceptors: { workflowModules: workflowInterceptorModules } };
}

/** Writes every variant's bundle; the build runs this after compiling. */
export async function writeWorkflowBundles(): Promise<string[]> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const written: string[] = [];
  for (const variant of WORKFLOW_VARIANTS) {
    const { code } = await bundleWorkflowCode({ ...workflowModules(variant), logger: quietBundlerLogger });
    const file = bundlePath(variant);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, code);
    written.push(file);
  }
  return written;
}

const ignore = () => undefined;
const quietBundlerLogger = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: (message: string, meta?: Record<string, unknown>) =>
    process.stderr.write(`bundler: ${message} ${meta ? JSON.stringify(meta) : ''}\n`),
};
