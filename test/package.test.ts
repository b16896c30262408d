/**
 * SLOW (about a minute or two: npm installs from the registry, with --prefer-offline so the npm cache answers what it
 * can). The package as a user gets it: `npm pack` of this checkout, installed into a fresh CommonJS project (what
 * `npm init -y` writes) and a fresh ES module project, each of which runs `npx xacct init`, then the command init
 * prints (a positive and a negative scenario on the scaffold's --stacks module) and the scaffold's vitest file.
 * The tarball is packed from a copy of the checkout, so its `prepack` build never rewrites the dist/ other tests run.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const exec = promisify(execFile);
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];

async function sh(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const SOURCES = ['package.json', 'bin', 'harness', 'stacks', 'scenarios', 'scripts', 'templates', 'tsconfig.json', 'tsconfig.types.json', 'README.md', 'LICENSE'];
let tarball: string;
let tarballFiles: string[];

beforeAll(async () => {
  const copy = mkdtempSync(join(tmpdir(), 'xacct-pack-src-'));
  for (const f of SOURCES) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const out = mkdtempSync(join(tmpdir(), 'xacct-pack-'));
  const packed = await sh('npm', ['pack', '--pack-destination', out, '--json'], copy);
  expect(packed.stderr).not.toMatch(/npm (warn|error)/i);
  expect(packed.code).toBe(0);
  // The prepack build's own line comes first on stdout, then npm's JSON.
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(out, info!.filename);
  tarballFiles = info!.files.map((f) => f.path);
}, 180_000);

describe('[slow] the packed npm package', () => {
  it('ships the compiled CLI, the library and its declarations, the init templates and the docs: no sources, tests, benchmarks or fixtures', () => {
    const tops = [...new Set(tarballFiles.map((p) => p.split('/')[0]))].sort();
    expect(tops).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json', 'templates']);
    expect(tarballFiles).toContain('dist/harness/cli/main.js');
    expect(tarballFiles).toContain('dist/harness/runner/index.js');
    expect(tarballFiles).toContain('dist/types/harness/runner/index.d.ts');
    const typescript = tarballFiles.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.startsWith('templates/'));
    expect(typescript).toEqual([]);
    expect(tarballFiles.filter((p) => /\.test\.|(^|\/)(test|bench|fixtures)\//.test(p) && !p.startsWith('templates/init/test/'))).toEqual([]);
  });

  for (const type of ['commonjs', 'module'] as const) {
    it(`installs into a fresh ${type} project, whose \`xacct init\` scaffold passes its command and its vitest file`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `xacct-user-${type}-`));
      expect((await sh('npm', ['init', '-y'], dir)).code).toBe(0);
      expect((await sh('npm', ['pkg', 'set', `type=${type}`], dir)).code).toBe(0);
      const vitest = (JSON.parse(readFileSync(join(ROOT, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;
      const installed = await sh('npm', ['install', '-D', ...NPM_FLAGS, tarball, `vitest@${vitest}`], dir);
      expect(installed.stderr).not.toMatch(/npm error/);
      expect(installed.code).toBe(0);
      // The peer dependencies a user's stacks and tests import are the project's own.
      for (const peer of ['cdktf', 'constructs', '@cdktf/provider-aws', '@aws-sdk/client-s3']) {
        expect(readdirSync(join(dir, 'node_modules', ...peer.split('/'))).length).toBeGreaterThan(0);
      }

      const version = await sh('npx', ['xacct', '--version'], dir);
      expect(version.stdout).toBe(`${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);

      const init = await sh('npx', ['xacct', 'init'], dir);
      expect(init.code).toBe(0);
      expect(init.stdout).toBe('Next: npx xacct run --stacks infra/main.ts xacct/\n');
      const next = init.stdout.replace(/^Next: npx /, '').trim().split(' ');
      const r = await sh('npx', next, dir);
      expect(r.stderr).toContain('xacct: running 2 scenarios on the embedded backend');
      expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 passed, 0 failed');
      expect(r.code).toBe(0);

      const tests = await sh('npx', ['vitest', 'run'], dir);
      expect(tests.stdout).toMatch(/Tests +2 passed \(2\)/);
      expect(tests.code).toBe(0);
    }, 600_000);
  }
});
