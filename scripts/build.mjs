/**
 * Compiles the TypeScript sources (harness/, stacks/, scenarios/; tests excluded) to JavaScript in dist/, file for
 * file, so `xacct` starts without a TypeScript loader. Runs as npm's `prepare` step, which `npm ci` runs; bin/xacct.js
 * falls back to the sources through tsx whenever dist/ is missing or older than a source file.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { globSync } from 'tinyglobby';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sources = globSync(['harness/**/*.ts', 'stacks/**/*.ts', 'scenarios/**/*.ts'], { cwd: root, ignore: ['**/*.test.ts', '**/test-fixtures.ts'] });

rmSync(out, { recursive: true, force: true });
buildSync({
  absWorkingDir: root,
  entryPoints: sources,
  outdir: out,
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  bundle: false,
  logLevel: 'error',
});
mkdirSync(out, { recursive: true });
// bin/xacct.js compares this file's time with the sources' to tell whether dist/ is current.
writeFileSync(join(out, '.build-stamp'), `${new Date().toISOString()}\n`);
console.log(`xacct: compiled ${sources.length} files to dist/`);
