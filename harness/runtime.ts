/**
 * Where xacct's own files are, whether it runs from the TypeScript sources (through tsx) or compiled into dist/ by
 * scripts/build.mjs. Compiled, the code is bundled into shared chunks, so a module cannot find its neighbours
 * relative to its own URL: paths are resolved from the package root instead.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when this code runs compiled from dist/ (plain JavaScript, no TypeScript loader registered). */
export const COMPILED = import.meta.url.endsWith('.js');

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    // bin/xacct.js marks the root in a checkout and in the installed package (which has dist/ but no harness/).
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'xacct.js'))) return dir;
    if (dirname(dir) === dir) throw new Error(`xacct: cannot find the package root above ${from}`);
  }
}

export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** The runnable form of one of xacct's source paths (e.g. `scenarios`, `harness/runner/synth-worker.ts`). */
export function runnablePath(sourcePath: string): string {
  return COMPILED ? join(PACKAGE_ROOT, 'dist', sourcePath.replace(/\.ts$/, '.js')) : join(PACKAGE_ROOT, sourcePath);
}
