/**
 * `xacct synth`: writes cdktf's layout (https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth)
 * for the reference setup or a user's module, and fails with one clear line on bad input.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthCommand } from './synth.js';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
};

describe('synthCommand', () => {
  it('writes <out>/stacks/xacct-reference/cdk.tf.json and manifest.json', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'xacct-synth-')), 'out');
    const c = capture();
    expect(await synthCommand({ out: dir }, c.io)).toBe(0);
    const file = join(dir, 'stacks', 'xacct-reference', 'cdk.tf.json');
    expect(c.out).toEqual([file]);
    const tf = JSON.parse(readFileSync(file, 'utf8'));
    expect(tf.resource.aws_codepipeline.pipeline.name).toBe('xacct-pipeline');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).stacks['xacct-reference'].synthesizedStackPath).toBe('stacks/xacct-reference/cdk.tf.json');
  });

  it('--stacks synthesizes a user module that default-exports (app) => void', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-synth-'));
    const c = capture();
    expect(await synthCommand({ out: dir, stacks: 'stacks/main.ts' }, c.io)).toBe(0);
    expect(existsSync(join(dir, 'stacks', 'xacct-reference', 'cdk.tf.json'))).toBe(true);
  });

  it('--stacks accepts a module that default-exports an App', async () => {
    // Inside the project (.xacct/ is ignored by git), where `cdktf` resolves as it does for a user's module.
    mkdirSync('.xacct', { recursive: true });
    const dir = mkdtempSync(join(resolve('.xacct'), 'synth-'));
    const mod = join(dir, 'my-app.ts');
    const ref = resolve('stacks/reference-setup.ts');
    writeFileSync(mod, `import { App } from 'cdktf';\nimport { buildReferenceSetup } from '${ref}';\nconst app = new App({ outdir: '${join(dir, 'ignored')}' });\nbuildReferenceSetup(app, { names: { stack: 'mine' } });\nexport default app;\n`);
    const c = capture();
    expect(await synthCommand({ out: join(dir, 'out'), stacks: mod }, c.io)).toBe(0);
    expect(c.out).toEqual([join(dir, 'out', 'stacks', 'mine', 'cdk.tf.json')]);
  });

  it('bad --stacks input: one line, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-synth-'));
    const missing = capture();
    expect(await synthCommand({ out: dir, stacks: 'nope.ts' }, missing.io)).toBe(2);
    expect(missing.err).toEqual(['xacct synth: --stacks nope.ts: no such file']);
    const mod = join(dir, 'bad.ts');
    writeFileSync(mod, 'export const x = 1;\n');
    const bad = capture();
    expect(await synthCommand({ out: dir, stacks: mod }, bad.io)).toBe(2);
    expect(bad.err).toEqual([`xacct synth: --stacks ${mod}: the module must default-export a function (app) => void that adds stacks, or an App`]);
  });
});
