// Every variant of the workflow code a worker can run, declared beside the code: each names its workflows module and
// its interceptor modules, relative to this folder. The build bundles each one (src/temporal/workflow-bundle.ts),
// the workers and `replay-check` load it by its name. Not workflow code itself: the bundles never import it.

/**
 * `standard` is the real workflow (the sample's); `with-injected-bug` adds the bug of the workflow-bug scenario; the
 * `v2…` variants are the versioning scenario's version 2 — a fraud check before payment (./versions/) — as first
 * written (`v2`, also what is left once the patch's life cycle is over), behind a patch, and with the patch deprecated.
 */
export const WORKFLOW_VARIANTS = [
  'standard',
  'with-injected-bug',
  'v2',
  'v2-patched',
  'v2-deprecated',
] as const;
export type WorkflowVariant = (typeof WORKFLOW_VARIANTS)[number];

const MODULES: Record<WorkflowVariant, { workflows: string; interceptors: readonly string[] }> = {
  standard: { workflows: './index', interceptors: [] },
  'with-injected-bug': { workflows: './index', interceptors: ['./injected-bug'] },
  v2: { workflows: './versions/v2', interceptors: [] },
  'v2-patched': { workflows: './versions/v2-patched', interceptors: [] },
  'v2-deprecated': { workflows: './versions/v2-deprecated', interceptors: [] },
};

/**
 * A variant's modules as files, in the SDK's terms. Resolved only when asked: the npm package ships the bundles
 * instead of the versions' modules.
 */
export function workflowModules(variant: WorkflowVariant): {
  workflowsPath: string;
  workflowInterceptorModules: string[];
} {
  const { workflows, interceptors } = MODULES[variant];
  return {
    workflowsPath: require.resolve(workflows),
    workflowInterceptorModules: interceptors.map((module) => require.resolve(module)),
  };
}
