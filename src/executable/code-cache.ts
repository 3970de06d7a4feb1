// Runs the CLI's bundle as a CommonJS module with V8's code cache. Compiling the 7 MB bundle is most of a start
// (about 200 ms here): Node 20 has no module compile cache (Node 22's module.enableCompileCache), and a single
// executable's own code cache covers its main script only, which is this launcher. So the launcher keeps a cache
// beside the bundle: written when a run ends that found none (or one V8 refused: another Node, other V8 flags),
// read by every later run. V8 checks a cache against the source and its own version before it uses it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: NodeJS.Module,
  filename: string,
  dirname: string,
) => void;

function writeCache(file: string, data: Buffer): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // A cache that cannot be written only makes the next start slower.
  }
}

/**
 * Loads `file` as `require(file)` would, registered in the module cache under its path, compiled from the cache;
 * says whether the cache was used or will be written when the process ends.
 */
export function requireWithCodeCache(file: string): 'used' | 'written at exit' {
  const cacheFile = `${file}.v8-cache`;
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (!used) {
    // At the end, the cache also holds every function the run compiled, not only the top level.
    process.once('exit', () => writeCache(cacheFile, script.createCachedData()));
  }
  const module = new Module(file) as NodeJS.Module;
  module.filename = file;
  const require = createRequire(file);
  // What requires the bundle again (oclif, for the commands it exports) gets this module, not a second copy.
  require.cache[file] = module;
  const run = script.runInThisContext() as ModuleFunction;
  run.call(module.exports, module.exports, require, module, file, path.dirname(file));
  module.loaded = true;
  return used ? 'used' : 'written at exit';
}
