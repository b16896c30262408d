/**
 * `xacct init`: what it writes, what it keeps, the command it prints, and the forms of infrastructure it refuses
 * for now. That the scaffold's command passes is proven on the installed package (test/package.test.ts); that its
 * stacks pass `xacct check` (every hop allowed, every grant needed, every must-refuse held) here.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../check/types.js';
import { main } from './main.js';

async function xacct(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

const ROOT = resolve(import.meta.dirname, '../..');
/** Paths as init prints them: relative to the working directory. */
const runPath = (dir: string) => `${relative(process.cwd(), dir)}/`;

describe('xacct init', () => {
  it('writes the stacks module, two scenarios, a vitest example and the CI workflow, then prints the command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-init-'));
    const r = await xacct(['init', dir]);
    expect(r.code).toBe(0);
    const rel = runPath(dir);
    expect(r.err).toEqual([
      `created  ${rel}.github/workflows/xacct.yml`,
      `created  ${rel}infra/main.ts`,
      `created  ${rel}test/xacct.test.ts`,
      `created  ${rel}xacct/bucket-policy-missing-target.scenario.ts`,
      `created  ${rel}xacct/deploys.scenario.ts`,
    ]);
    expect(r.out).toEqual([`Next: npx xacct run --stacks ${rel}infra/main.ts ${rel}xacct/`]);
  });

  it('the stacks module it writes passes `xacct check`, least privilege included: every grant serves a hop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-init-'));
    expect((await xacct(['init', dir])).code).toBe(0);
    // The user's project has cdktf and the AWS provider installed: this one's stand in for them.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const r = await xacct(['check', '--stacks', join(dir, 'infra', 'main.ts'), '--reporter', 'json', '--fail-on-unneeded']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out.join('\n')) as CheckReport;
    expect(report.hops.map((h) => `${h.id.replace('111111111111/delivery/', '')} ${h.outcome}`)).toEqual([
      'assume-pipeline-role allowed',
      'Source/Source/read-source allowed',
      'Source/Source/write-artifact/SourceArtifact allowed',
      'Deploy/DeployStack/assume-action-role allowed',
      'Deploy/DeployStack/read-artifact/SourceArtifact allowed',
      'Deploy/DeployStack/pass-role allowed',
      'Deploy/DeployStack/cloudformation-assumes-role allowed',
    ]);
    // The key policy's statement for its own account's root manages the key; every other grant is needed by a hop.
    expect(report.grants.filter((g) => g.verdict !== 'needed').map((g) => [g.statement, g.verdict])).toEqual([['AccountRoot', 'administration']]);
    expect(report.grants.filter((g) => g.verdict === 'needed')).toHaveLength(12);
    expect(report.mustRefuse.map((p) => `${p.id.replace('111111111111/delivery/', '')} ${p.outcome}`)).toEqual([
      'outsider-reads-artifact held',
      'outsider-uses-key held',
      'outsider-assumes/arn:aws:iam::222222222222:role/cross-account-action-role held',
      'bystander-assumes/arn:aws:iam::222222222222:role/cross-account-action-role held',
    ]);
  }, 120_000);

  it('keeps files that exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-init-'));
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, 'infra', 'main.ts'), 'mine\n');
    const r = await xacct(['init', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`kept     ${runPath(dir)}infra/main.ts (exists)`);
    expect(readFileSync(join(dir, 'infra', 'main.ts'), 'utf8')).toBe('mine\n');
  });

  it("the workflow it writes is the README's CI recipe", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const recipe = /```yaml\n(# \.github\/workflows\/xacct\.yml\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(recipe).toBe(readFileSync(join(ROOT, 'templates/init/.github/workflows/xacct.yml'), 'utf8'));
  });

  it('refuses the forms of infrastructure it writes no starting point for, saying how --stacks runs them, and unknown ones', async () => {
    for (const [from, what, run] of [
      ['terraform', 'a Terraform directory', 'run it as it is: npx xacct run --stacks path/to/your-terraform-dir xacct/'],
      ['cdk', 'an AWS CDK cloud assembly', 'run `npx cdk synth`, then: npx xacct run --stacks cdk.out xacct/'],
      [
        'cloudformation',
        'a CloudFormation deploy plan',
        'list your templates, accounts and stacks in xacct.deploy.yaml (the README shows one), then: npx xacct run --stacks xacct.deploy.yaml xacct/',
      ],
    ] as const) {
      const r = await xacct(['init', mkdtempSync(join(tmpdir(), 'xacct-init-')), '--from', from]);
      expect(r.code).toBe(2);
      expect(r.err).toEqual([
        `xacct: --from ${from}: init writes a CDKTF starting point only, not yet ${what}; xacct run --stacks takes ${what} with no scaffold: ${run}. Run xacct init without --from for the CDKTF starting point and its example scenarios`,
      ]);
    }
    const r = await xacct(['init', '--from', 'pulumi']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['xacct: --from must be one of cdktf, terraform, cdk, cloudformation, got "pulumi"']);
  });
});
