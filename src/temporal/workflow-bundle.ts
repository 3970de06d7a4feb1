// The workflow code that workers load. Bundling (webpack) takes seconds, so the build writes one bundle per variant
// to dist/bundles/ and workers load those; running from sources (bin/dev.js) bundles on the fly instead.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { packageRoot } from '../processes/server-executables';

/** `standard` is the real workflow; `with-injected-bug` adds the bug of the workflow-bug scenario. */
export type WorkflowVariant = 'standard' | 'with-injected-bug';

const INTERCEPTOR_MODULES: Record<WorkflowVariant, string[]> = {
  standard: [],
  'with-injected-bug': ['injected-bug'],
};

const WORKFLOWS_DIR = path.resolve(__dirname, '..', 'workflows');

function bundlePath(variant: WorkflowVariant): string {
  return path.join(packageRoot(), 'dist', 'bundles', `${variant}.js`);
}

function sources(variant: WorkflowVariant) {
  return {
    workflowsPath: require.resolve(path.join(WORKFLOWS_DIR, 'index')),
    workflowInterceptorModules: INTERCEPTOR_MODULES[variant].map((name) =>
      require.resolve(path.join(WORKFLOWS_DIR, name)),
    ),
  };
}

export function workflowCodeFor(
  variant: WorkflowVariant,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'interceptors'> {
  const prebuilt = bundlePath(variant);
  const runningFromSources = __filename.endsWith('.ts');
  if (!runningFromSources && existsSync(prebuilt)) return { workflowBundle: { codePath: prebuilt } };
  const { workflowsPath, workflowInterceptorModules } = sources(variant);
  return { workflowsPath, interceptors: { workflowModules: workflowInterceptorModules } };
}

/** Writes every variant's bundle; the build runs this after compiling. */
export async function writeWorkflowBundles(): Promise<string[]> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const written: string[] = [];
  for (const variant of Object.keys(INTERCEPTOR_MODULES) as WorkflowVariant[]) {
    const { code } = await bundleWorkflowCode({ ...sources(variant), logger: quietBundlerLogger });
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
