// The workflow code that workers load. Bundling (webpack) takes seconds, so the build writes one bundle per variant
// to dist/bundles/ and workers load those; running from sources (bin/dev.js) bundles on the fly instead.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { packageRoot } from '../processes/server-executables';

/**
 * `standard` is the real workflow (the sample's); `with-injected-bug` adds the bug of the workflow-bug scenario; the
 * `v2…` variants are the versioning scenario's version 2 — a fraud check before payment — as first written (`v2`,
 * also what is left once the patch's life cycle is over), behind a patch, and with the patch deprecated.
 */
export const WORKFLOW_VARIANTS = [
  'standard',
  'with-injected-bug',
  'v2',
  'v2-patched',
  'v2-deprecated',
] as const;
export type WorkflowVariant = (typeof WORKFLOW_VARIANTS)[number];

const SRC_DIR = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(SRC_DIR, 'workflows');
// The versions live beside their scenario: they are its material, not the workflow this CLI deploys.
const VERSIONS = path.join(SRC_DIR, 'scenarios', 'versioning', 'workflows');

/** Each variant's workflow module and interceptor modules. */
const SOURCES: Record<WorkflowVariant, { workflows: string; interceptors: string[] }> = {
  standard: { workflows: path.join(WORKFLOWS, 'index'), interceptors: [] },
  'with-injected-bug': {
    workflows: path.join(WORKFLOWS, 'index'),
    interceptors: [path.join(WORKFLOWS, 'injected-bug')],
  },
  v2: { workflows: path.join(VERSIONS, 'v2'), interceptors: [] },
  'v2-patched': { workflows: path.join(VERSIONS, 'v2-patched'), interceptors: [] },
  'v2-deprecated': { workflows: path.join(VERSIONS, 'v2-deprecated'), interceptors: [] },
};

function bundlePath(variant: WorkflowVariant): string {
  return path.join(packageRoot(), 'dist', 'bundles', `${variant}.js`);
}

function sources(variant: WorkflowVariant) {
  const { workflows, interceptors } = SOURCES[variant];
  return {
    workflowsPath: require.resolve(workflows),
    workflowInterceptorModules: interceptors.map((module) => require.resolve(module)),
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
  for (const variant of WORKFLOW_VARIANTS) {
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
