/**
 * A user's scenario and stacks files, as `xacct run` loads them from the user's own project: every module type
 * (.ts, .mts, .cts, .js, .mjs, .cjs) in a CommonJS project (what `npm init -y` writes) and in an ES module project, and
 * the errors a newcomer meets — a syntax error, a stacks module that throws, a folder without `*.scenario.*` files —
 * each said once, with the file, line, column and the line itself.
 * The projects live under .xacct/ (ignored by git) and import xacct by name through node_modules/xacct, a link to
 * this checkout, so `xacct/scenario` resolves as in an installed package (dist/, which `npm ci` builds).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/xacct.js');
const run = promisify(execFile);

async function xacct(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A project under .xacct/, or with `outside`, in the temp dir, where no package of this checkout resolves but xacct. */
function project(type: 'commonjs' | 'module', files: Record<string, string>, outside = false): string {
  const base = outside ? tmpdir() : join(ROOT, '.xacct');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `xacct-${type}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', type }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'xacct'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const body = (name: string) =>
  `defineScenario({ name: '${name}', title: 'deploys', source: { title: 'test' }, steps: handoff.cloudFormationHandoff(), expect: { outcome: 'success' } })`;
const esm = (name: string) => `import { defineScenario, handoff } from 'xacct/scenario';\nexport default ${body(name)};\n`;
const cjs = (name: string) => `const { defineScenario, handoff } = require('xacct/scenario');\nmodule.exports = ${body(name)};\n`;

describe("a user's module types", () => {
  it('loads .ts, .mts, .cts, .js, .mjs and .cjs scenarios in a CommonJS project', async () => {
    const dir = project('commonjs', {
      'xacct/a.scenario.ts': esm('cjs-ts'),
      'xacct/b.scenario.mts': esm('cjs-mts'),
      'xacct/c.scenario.cts': esm('cjs-cts'),
      'xacct/d.scenario.js': cjs('cjs-js'),
      'xacct/e.scenario.mjs': esm('cjs-mjs'),
      'xacct/g.scenario.cjs': cjs('cjs-cjs'),
      // ES module syntax in a .js file of a CommonJS project, which Node's own require() refuses.
      'xacct/f.scenario.js': esm('cjs-js-esm-syntax'),
    });
    const r = await xacct(['run', 'xacct', '--reporter', 'json'], dir);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('7 passed, 0 failed');
    expect(r.code).toBe(0);
  }, 60_000);

  it('loads .ts, .mts, .cts, .js, .mjs and .cjs scenarios in an ES module project', async () => {
    const dir = project('module', {
      'xacct/a.scenario.ts': esm('esm-ts'),
      'xacct/b.scenario.mts': esm('esm-mts'),
      'xacct/c.scenario.cts': esm('esm-cts'),
      'xacct/d.scenario.js': esm('esm-js'),
      'xacct/e.scenario.mjs': esm('esm-mjs'),
      'xacct/f.scenario.cjs': cjs('esm-cjs'),
    });
    const r = await xacct(['run', 'xacct', '--reporter', 'json'], dir);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('6 passed, 0 failed');
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('errors in a user module keep their location', () => {
  it('a syntax error in a TypeScript scenario names file:line:column and shows the line', async () => {
    const dir = project('commonjs', { 'xacct/broken.scenario.ts': "import { defineScenario } from 'xacct/scenario';\nconst x = ;\n" });
    const r = await xacct(['run', 'xacct'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      ['xacct: xacct/broken.scenario.ts: could not be loaded: Unexpected ";"', '', '    xacct/broken.scenario.ts:2:10:', '      2 │ const x = ;', '        ╵           ^', ''].join('\n'),
    );
  }, 60_000);

  it('a syntax error in an .mjs scenario (Node reports no location) is located too', async () => {
    const dir = project('module', { 'xacct/broken.scenario.mjs': 'export default {\n  name: "x",,\n};\n' });
    const r = await xacct(['run', 'xacct/broken.scenario.mjs'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      ['xacct: xacct/broken.scenario.mjs: could not be loaded: Expected identifier but found ","', '', '    xacct/broken.scenario.mjs:2:12:', '      2 │   name: "x",,', '        ╵             ^', ''].join('\n'),
    );
  }, 60_000);

  it('a stacks module that throws is reported once, with its file and line, before any scenario runs', async () => {
    const dir = project('module', {
      'infra/main.ts': "import type { App } from 'cdktf';\nconst region = process.env['NO_SUCH_VARIABLE'];\nif (!region) throw new Error('set NO_SUCH_VARIABLE');\nexport default (app: App) => app;\n",
      'xacct/a.scenario.ts': esm('one'),
      'xacct/b.scenario.ts': esm('two'),
    });
    const r = await xacct(['run', '--stacks', 'infra/main.ts', 'xacct'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'xacct: --stacks infra/main.ts: could not be loaded: Error: set NO_SUCH_VARIABLE',
        '',
        '    infra/main.ts:3:19:',
        "      3 │ if (!region) throw new Error('set NO_SUCH_VARIABLE');",
        '        ╵                    ^',
        '',
      ].join('\n'),
    );
  }, 60_000);

  it('a stacks function that throws names its file and line in the scenario it fails', async () => {
    const dir = project('commonjs', {
      'infra/main.ts': "import type { App } from 'cdktf';\nexport default function build(app: App): void {\n  throw new Error(`no stacks for ${String(app)}`.slice(0, 14));\n}\n",
      'xacct/a.scenario.ts': esm('one'),
    });
    const r = await xacct(['run', '--stacks', 'infra/main.ts', 'xacct', '--reporter', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { scenarios: Array<{ status: string; diff: string[] }> };
    expect(report.scenarios[0]!.status).toBe('error');
    expect(report.scenarios[0]!.diff).toEqual([
      `the scenario could not run: --stacks infra/main.ts: Error: no stacks for \n\n    infra/main.ts:3:8:\n      3 │   throw new Error(\`no stacks for \${String(app)}\`.slice(0, 14));\n        ╵         ^`,
    ]);
  }, 60_000);

  it('a missing peer dependency says what to install', async () => {
    const dir = project('module', { 'infra/main.ts': "import { TerraformStack, type App } from 'cdktf';\nexport default (app: App) => new TerraformStack(app, 'mine');\n", 'xacct/a.scenario.ts': esm('one') }, true);
    const r = await xacct(['run', '--stacks', 'infra/main.ts', 'xacct'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `xacct: --stacks infra/main.ts: could not be loaded: Cannot find package 'cdktf' imported from ${join(dir, 'infra/main.ts')}: xacct expects cdktf, constructs and @cdktf/provider-aws in your project (npm install -D cdktf@0.21.0 constructs@10 @cdktf/provider-aws@21)\n`,
    );
  }, 60_000);

  it('a folder without *.scenario.* files says what scenario files are named', async () => {
    const dir = project('module', { 'xacct/deploys.ts': esm('misnamed') });
    const r = await xacct(['run', 'xacct'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('xacct: no scenarios found in xacct: scenario files are named *.scenario.{ts,mts,cts,js,mjs,cjs}\n');
  }, 60_000);
});
