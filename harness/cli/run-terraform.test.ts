/**
 * `xacct run --stacks PATH`, `xacct synth --stacks PATH` and `xacct apply PATH` with what PATH is
 * (harness/runner/stacks-source.ts): a Terraform directory is read as written and its scenarios judged; a kind not
 * supported yet and a path of no kind are one line naming the four kinds.
 * The corpus configuration's refusal is AWS's (errors.jsonl E094 form, see harness/apply/terraform-hcl.integration.test.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const CORPUS_TF = '/work/shared/corpus/real-configs/scalefactory-terraform-codepipeline-crossaccount-example';
const KINDS =
  'a CDKTF module (a .ts or .js file), an AWS CDK cloud assembly (cdk.out), a CloudFormation deploy plan (xacct.deploy.yaml), a Terraform directory (*.tf, *.tf.json, or a `cdktf synth` output folder)';

async function xacct(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('xacct run --stacks <Terraform directory>', () => {
  it('reads the corpus configuration as published, applies it and reports where AWS refuses it', async () => {
    const r = await xacct(['run', 'scenarios/s3-deploy.scenario.ts', '--stacks', CORPUS_TF]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("AWS said: InvalidActionDeclarationException (HTTP 400) at step apply: Action configuration for action 'Source' is missing required configuration 'Owner'");
    expect(r.out).toContain('note:     the setup was refused while creating module.pipeline.aws_codepipeline.pipeline');
    expect(r.out).toContain('created role arn:aws:iam::111222333444:role/TerraformUser (AdministratorAccess');
    expect(r.out).toMatch(/0 passed, 1 failed$/);
  }, 60_000);

  it('takes --var for the root module', async () => {
    const r = await xacct(['run', 'scenarios/s3-deploy.scenario.ts', '--stacks', CORPUS_TF, '--var', 'github={ owner = "o", repo = "r", branch = "main" }']);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Action configuration for action 'Source' is missing required configuration 'OAuthToken'");
  }, 60_000);

  it('a configuration that does not parse is one usage error with HCL\'s file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-tf-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n');
    const r = await xacct(['run', '--stacks', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct: --stacks ${dir}: Error: ${join(dir, 'main.tf')}:2,12-3,1: Invalid expression; Expected the start of an expression, but found an invalid expression token.`);
  });

  it('a registry module not vendored is named, with how to vendor it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-tf-'));
    writeFileSync(join(dir, 'main.tf'), 'module "bucket" {\n  source  = "terraform-aws-modules/s3-bucket/aws"\n  version = "4.1.0"\n}\n');
    const r = await xacct(['run', '--stacks', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `xacct: --stacks ${dir}: Error: Module not installed: module "bucket" (source "terraform-aws-modules/s3-bucket/aws") is not in ${join(dir, '.terraform', 'modules')}. This module is not yet installed. Run "terraform get" (or "terraform init") in ${dir} to vendor it, then run xacct again.`,
    );
  });
});

describe('what a PATH is', () => {
  it('an AWS CDK cloud assembly with no stacks is one usage line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-cdk-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: {} }));
    const r = await xacct(['run', '--stacks', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct: --stacks ${dir}: cdk.out manifest.json: no stacks (aws:cloudformation:stack artifacts) to deploy`);
  });

  it('--stack names stacks of a cloud assembly as `cdk deploy` does: none matching is a usage line in the CDK CLI\'s words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-cdk-'));
    const stack = { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'Repo.template.json' } };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: { Repo: stack } }));
    writeFileSync(join(dir, 'Repo.template.json'), '{"Resources":{}}');
    const r = await xacct(['run', '--stacks', dir, '--stack', 'Web', '--cdk-account', '222222222222']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct: --stacks ${dir}: cdk.out manifest.json: No stacks match the name(s) Web`);
    expect((await xacct(['run', '--stack', 'Repo'])).err).toBe('xacct: --stack and --cdk-account are for a CDK cloud assembly given with --stacks');
  });

  it('a CloudFormation deploy plan is read by xacct apply, and an empty one is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-plan-'));
    writeFileSync(join(dir, 'xacct.deploy.yaml'), 'deployments: []\n');
    const r = await xacct(['apply', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct apply: ${dir}: xacct.deploy.yaml: expected \`deployments:\`, a list of at least one deployment`);
  });

  it('--provider-account must name a provider and a 12-digit account', async () => {
    const r = await xacct(['apply', 'test/fixtures/terraform-two-targets', '--provider-account', 'aws.prod=12']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('xacct apply: --provider-account must be PROVIDER=ACCOUNT_ID (aws, aws.<alias> or <alias>, and a 12-digit id), got "aws.prod=12"');
  });

  it('a directory of no kind is one line listing the four kinds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-none-'));
    mkdirSync(join(dir, 'src'));
    const r = await xacct(['run', '--stacks', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`xacct: --stacks ${dir} is none of what xacct reads: ${KINDS}`);
  });

  it('xacct synth says a Terraform directory has nothing to synthesize', async () => {
    const r = await xacct(['synth', '--stacks', 'test/fixtures/terraform-two-targets']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'xacct synth: --stacks test/fixtures/terraform-two-targets is a Terraform directory: there is nothing to synthesize; apply it as it is with `xacct apply test/fixtures/terraform-two-targets` or `xacct run --stacks test/fixtures/terraform-two-targets`',
    );
  });
});

describe('xacct apply <Terraform directory>', () => {
  it('applies the two-target HCL pipeline to a running server, saying which roles it created for assume_role', async () => {
    const { startEmulator } = await import('../index.js');
    const emu = await startEmulator({
      transport: 'http',
      accounts: [
        { name: 'pipeline', id: '111111111111' },
        { name: 'test', id: '222222222222' },
        { name: 'prod', id: '333333333333' },
      ],
    });
    try {
      const r = await xacct(['apply', 'test/fixtures/terraform-two-targets', '--endpoint', emu.endpoint, '--var', 'name=cli']);
      expect(r.err).toContain('created role arn:aws:iam::333333333333:role/terraform-deployer (AdministratorAccess, trusting account 333333333333)');
      expect(r.code).toBe(0);
      expect(r.out).toContain('module.prod.aws_iam_role.action [333333333333] arn=arn:aws:iam::333333333333:role/cli-prod-action');
      expect(r.out).toContain('output pipeline = "cli"');
    } finally {
      await emu.dispose();
    }
  }, 60_000);
});

describe('xacct run --stacks <two-target HCL pipeline>', () => {
  it('runs the pipeline: test deploys, prod is refused by the bucket policy that misses it', async () => {
    const r = await xacct(['run', 'scenarios/pipeline-run.scenario.ts', '--stacks', 'test/fixtures/terraform-two-targets']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('failed at stage Deploy-prod, action Deploy-prod');
    // S3's denial inside the CloudFormation action's failure (errors.jsonl, S3 AccessDenied 403 "Access Denied").
    expect(r.out).toContain('CodePipeline said: action Failed (JobFailed) at step run-pipeline: Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied;');
    expect(r.out).toContain('fix:      add arn:aws:iam::333333333333:root (or arn:aws:iam::333333333333:role/webshop-prod-action) to the bucket policy of arn:aws:s3:::webshop-artifacts-111111111111 for s3:GetObject');
  }, 60_000);
});
