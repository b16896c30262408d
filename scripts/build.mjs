/**
 * Compiles xacct for running without a TypeScript loader. In a checkout, `npm ci` runs it (npm's `prepublish` step,
 * which npm runs on the project's own install and never for a package installed as a dependency), and bin/xacct.js
 * falls back to the TypeScript sources through tsx whenever dist/ is missing or older than a source file. `npm pack`
 * runs it with --types (the `prepack` step): the package ships dist/ and the declarations of what users import
 * (xacct, xacct/scenario, xacct/vitest), and no sources.
 *
 * Two esbuild bundles, because loading hundreds of small files (the AWS SDK, CDKTF) costs more than the work a run
 * does with them:
 * - the CLI, the three entry points users import and the bundled scenarios: one entry point each, code they share split into dist/chunks/ (lazy imports
 *   stay lazy). CDKTF stays a package import here, so a user's `--stacks` module and xacct build one construct
 *   tree from one copy of it; testcontainers, tsx and selfsigned are only loaded for the options that need them.
 * - the synthesis worker (harness/runner/synth-worker.ts), which only synthesizes the bundled reference setup: with
 *   CDKTF and the AWS provider's classes inside, it loads in about a third of the time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { globSync } from 'tinyglobby';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The AWS SDK's ES module builds: smaller bundles, and `await import()` of a client keeps its named exports.
  mainFields: ['module', 'main'],
  // Bundled CommonJS code calls require() for Node's own modules.
  banner: { js: "import { createRequire as __xacctRequire } from 'node:module'; const require = __xacctRequire(import.meta.url);" },
  logLevel: 'error',
};

rmSync(out, { recursive: true, force: true });
const scenarios = globSync(['scenarios/**/*.scenario.ts'], { cwd: root });
buildSync({
  ...common,
  entryPoints: ['harness/cli/main.ts', 'harness/index.ts', 'harness/runner/index.ts', 'harness/testing/vitest.ts', ...scenarios],
  outdir: out,
  outbase: '.',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Loaded with `await import()` where needed; as CommonJS inside a split bundle they would lose their named exports.
  external: ['cdktf', '@cdktf/*', 'constructs', 'testcontainers', '@testcontainers/*', 'tsx', 'tsx/*', 'esbuild', 'selfsigned'],
});
buildSync({
  ...common,
  entryPoints: ['harness/runner/synth-worker.ts'],
  outfile: join(out, 'harness/runner/synth-worker.js'),
});
if (process.argv.includes('--types')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, stdio: 'inherit' });
}
mkdirSync(out, { recursive: true });
// bin/xacct.js compares this file's time with the sources' to tell whether dist/ is current.
writeFileSync(join(out, '.build-stamp'), `${new Date().toISOString()}\n`);
console.log(`xacct: compiled the CLI, the library, ${scenarios.length} bundled scenarios and the synthesis worker to dist/`);
