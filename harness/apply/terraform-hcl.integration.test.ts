/**
 * Terraform as written, against the emulator (in-process): HCL read by HashiCorp's parser (@cdktf/hcl2json), modules,
 * variables, providers with assume_role, applied in the right accounts.
 * - The shared corpus' Terraform configuration (scalefactory/terraform-codepipeline-crossaccount-example, HCL exactly
 *   as published) reads with Terraform 0.12-0.14's warnings for its legacy quoted types and provider references
 *   (Terraform 0.15+ refuses them), applies everything up to its pipeline, and fails where AWS fails it today: its
 *   GitHub version 1 source action has no OAuthToken, so CreatePipeline answers InvalidActionDeclarationException
 *   "Action configuration for action 'Source' is missing required configuration 'OAuthToken'" (errors.jsonl E094,
 *   from https://github.com/hashicorp/terraform/issues/26488 and hashicorp/terraform-provider-aws#6646); with the
 *   published conf.auto.tfvars (empty owner, repo, branch) the first missing configuration is 'Owner'. The README of
 *   the corpus entry says nothing of it: in 2021 the AWS provider filled OAuthToken from GITHUB_TOKEN.
 * - A two-target pipeline (test/fixtures/terraform-two-targets: one local module used twice, dynamic stage blocks,
 *   for expressions, validation blocks, terraform.tfvars) applies in three accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { GetBucketPolicyCommand, GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulator, type RunningEmulator } from '../index.js';
import { apply, planAll } from './apply.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplyConfigError, ApplyResourceError } from './errors.js';
import { loadTerraform } from './load-hcl.js';
import type { ApplyEvent, ApplyResult } from './types.js';

export const CORPUS_TF = '/work/shared/corpus/real-configs/scalefactory-terraform-codepipeline-crossaccount-example';
const TWO_TARGETS = 'test/fixtures/terraform-two-targets';
const [PIPELINE, TARGET] = ['111222333444', '555666777888'];

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({
    transport: 'in-process',
    accounts: [
      { name: 'pipeline', id: PIPELINE },
      { name: 'target', id: TARGET },
      { name: 'p2', id: '111111111111' },
      { name: 'test', id: '222222222222' },
      { name: 'prod', id: '333333333333' },
    ],
  });
});
afterAll(async () => {
  await emu.dispose();
});

async function applyDir(dir: string, vars: string[] = []) {
  const events: ApplyEvent[] = [];
  const loaded = await loadTerraform(dir, { vars });
  const outcome: { result?: ApplyResult; error?: ApplyResourceError } = await apply(loaded.documents, { resolver: emu, onProgress: (e) => events.push(e) }).then(
    (result) => ({ result }),
    (e: unknown) => ({ error: e as ApplyResourceError }),
  );
  const notes = events.flatMap((e) => (e.type === 'note' ? [e.message] : []));
  const done = events.flatMap((e) => (e.type === 'done' ? [`${e.resource.address} ${e.resource.account}`] : []));
  return { ...outcome, notes, done };
}

describe('the corpus Terraform configuration, HCL as published', () => {
  it('applies in both accounts as the providers assume_role, and CreatePipeline fails as AWS fails it', async () => {
    const r = await applyDir(CORPUS_TF);
    expect(r.notes[0]).toMatch(/^Warning: Invalid quoted type constraints: Terraform 0\.11 and earlier required type constraints to be given in quotes.*On: variable "accounts" has type = "map"; /);
    expect(r.notes[1]).toMatch(/^Warning: Invalid provider configuration reference: A provider configuration reference must not be given in quotes\..*On: module\.pipeline passes providers = \{ aws = "aws\.pipeline" \}; module\.target passes/);
    expect(r.notes.slice(2)).toEqual([
      `created role arn:aws:iam::${PIPELINE}:role/TerraformUser (AdministratorAccess, trusting account ${PIPELINE}) for provider["registry.terraform.io/hashicorp/aws"].pipeline assume_role: the world lacked it; Terraform deploys as it`,
      `created role arn:aws:iam::${TARGET}:role/TerraformUser (AdministratorAccess, trusting account ${TARGET}) for provider["registry.terraform.io/hashicorp/aws"].target assume_role: the world lacked it; Terraform deploys as it`,
    ]);
    expect(r.done).toContain(`module.target.aws_kms_key.target-key ${TARGET}`);
    expect(r.done).toContain(`module.pipeline.aws_iam_policy_attachment.codepipeline ${PIPELINE}`);
    const e = r.error!;
    expect(e).toBeInstanceOf(ApplyResourceError);
    expect([e.address, e.code, e.statusCode, e.awsMessage]).toEqual([
      'module.pipeline.aws_codepipeline.pipeline',
      'InvalidActionDeclarationException',
      400,
      "Action configuration for action 'Source' is missing required configuration 'Owner'",
    ]);
    expect(e.at).toBe('pipeline-account/codepipeline.tf line 1');
    // The v3 inline arguments took effect: the artifact bucket's policy names the target role, versioning is on.
    const s3 = new S3Client(emu.clientConfig(PIPELINE));
    const bucket = 'example-codepipeline-cross-account-pipeline-artifact-bucket';
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!);
    expect(policy.Statement[0].Principal.AWS).toBe(`arn:aws:iam::${TARGET}:role/CodePipelineAssumedRoleInTargetAccount`);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
  });
});

describe('the corpus configuration with the GitHub repository filled in (--var)', () => {
  it('fails on the missing OAuthToken (E094)', async () => {
    // A second world: the first one holds the corpus' fixed names already.
    const other = await startEmulator({ transport: 'in-process', accounts: [{ name: 'pipeline', id: PIPELINE }, { name: 'target', id: TARGET }] });
    try {
      const loaded = await loadTerraform(CORPUS_TF, { vars: ['github={ owner = "scalefactory", repo = "example", branch = "main" }'] });
      const e = (await apply(loaded.documents, { resolver: other }).catch((x: unknown) => x)) as ApplyResourceError;
      expect([e.address, e.code, e.statusCode, e.awsMessage]).toEqual([
        'module.pipeline.aws_codepipeline.pipeline',
        'InvalidActionDeclarationException',
        400,
        "Action configuration for action 'Source' is missing required configuration 'OAuthToken'",
      ]);
    } finally {
      await other.dispose();
    }
  });
});

describe('a two-target pipeline in HCL with a local module', () => {
  it('applies in the pipeline, test and prod accounts; prod is missing from the bucket policy', async () => {
    const r = await applyDir(TWO_TARGETS);
    expect(r.error).toBeUndefined();
    expect(r.done).toContain('module.prod.aws_iam_role.action 333333333333');
    expect(r.done).toContain('module.test.aws_iam_role.action 222222222222');
    expect(r.result!.outputs).toEqual({
      pipeline: 'webshop',
      action_roles: { test: 'arn:aws:iam::222222222222:role/webshop-test-action', prod: 'arn:aws:iam::333333333333:role/webshop-prod-action' },
    });
    const cp = new CodePipelineClient(emu.clientConfig('111111111111'));
    const p = (await cp.send(new GetPipelineCommand({ name: 'webshop' }))).pipeline!;
    expect(p.stages!.map((s) => `${s.name}:${s.actions![0]!.roleArn ?? ''}`)).toEqual([
      'Source:',
      'Deploy-test:arn:aws:iam::222222222222:role/webshop-test-action',
      'Deploy-prod:arn:aws:iam::333333333333:role/webshop-prod-action',
    ]);
    const s3 = new S3Client(emu.clientConfig('111111111111'));
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: 'webshop-artifacts-111111111111' }))).Policy!);
    expect(policy.Statement.map((s: { Principal: { AWS: string } }) => s.Principal.AWS)).toEqual(['arn:aws:iam::222222222222:role/webshop-test-action']);
    const iam = new IAMClient(emu.clientConfig('333333333333'));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'terraform-deployer' }))).Role!.Arn).toBe('arn:aws:iam::333333333333:role/terraform-deployer');
  });

  it('an existing deployer role that does not trust the caller fails with the provider error around STS AccessDenied', async () => {
    const other = await startEmulator({ transport: 'in-process', accounts: [{ name: 'p', id: '111111111111' }, { name: 't', id: '222222222222' }, { name: 'q', id: '333333333333' }] });
    try {
      const iam = new IAMClient(other.clientConfig('111111111111'));
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
      const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
      await iam.send(new CreateRoleCommand({ RoleName: 'terraform-deployer', AssumeRolePolicyDocument: JSON.stringify(trust) }));
      const loaded = await loadTerraform(TWO_TARGETS);
      const e = (await apply(loaded.documents, { resolver: other }).catch((x: unknown) => x)) as ApplyResourceError;
      expect(e).toBeInstanceOf(ApplyResourceError);
      expect([e.address, e.code, e.statusCode]).toEqual(['provider["registry.terraform.io/hashicorp/aws"].pipeline', 'AccessDenied', 403]);
      // STS's wording: errors.jsonl E048 (AssumeRole not allowed by the role's trust policy); the provider's frame:
      // terraform-provider-aws "Cannot assume IAM Role" (see apply-providers.ts).
      expect(e.awsMessage).toBe(
        'Cannot assume IAM Role: IAM Role (arn:aws:iam::111111111111:role/terraform-deployer) cannot be assumed. There are a number of possible causes of this - the most common are: The credentials used in order to assume the role are invalid; The credentials do not have appropriate permission to assume the role; The role ARN is not valid. ' +
          'Error: operation error STS: AssumeRole, https response error StatusCode: 403, api error AccessDenied: User: arn:aws:iam::111111111111:user/xacct-terraform is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/terraform-deployer',
      );
    } finally {
      await other.dispose();
    }
  });
});

describe('the Terraform language as real configurations use it', () => {
  const HCL = `
variable "names" {
  type    = list(string)
  default = ["a", "b"]
}
variable "env" {
  type = string
}
variable "size" {
  type    = number
  default = "3"
}
locals {
  tags  = { for n in var.names : n => upper(n) }
  cidrs = cidrsubnets("10.0.0.0/16", 8, 8)
}
provider "aws" {
  region     = "us-east-1"
  access_key = "111111111111"
  secret_key = "test"
}
resource "aws_iam_role" "r" {
  count              = length(var.names)
  name               = "role-\${var.names[count.index]}-\${var.env}"
  assume_role_policy = file("\${path.module}/trust.json")
}
resource "aws_s3_bucket" "b" {
  for_each = local.tags
  bucket   = lower("lang-\${each.key}-\${each.value}-\${var.env}")
  tags     = { Env = var.env, Size = tostring(var.size * 2) }
}
data "aws_iam_role" "first" {
  name = aws_iam_role.r[0].name
}
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = aws_s3_bucket.b
    content {
      sid       = "Read\${upper(statement.key)}"
      actions   = ["s3:GetObject"]
      resources = ["\${statement.value.arn}/*"]
    }
  }
}
resource "aws_kms_key" "k" {
  description = templatefile("\${path.module}/desc.tpl", { env = var.env })
}
resource "aws_kms_alias" "a" {
  name          = "alias/lang-\${var.env}"
  target_key_id = aws_kms_key.k.key_id
}
data "aws_kms_alias" "a" {
  name       = aws_kms_alias.a.name
  depends_on = [aws_kms_alias.a]
}
data "aws_kms_key" "k" {
  key_id = data.aws_kms_alias.a.target_key_id
}
data "aws_s3_bucket" "b" {
  bucket = aws_s3_bucket.b["a"].bucket
}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b["a"].id
  acl    = "private"
}
resource "aws_iam_policy" "p" {
  name   = "lang-\${var.env}"
  policy = data.aws_iam_policy_document.d.json
}
data "aws_iam_policy" "p" {
  arn = aws_iam_policy.p.arn
}
output "x" {
  value = {
    roles  = aws_iam_role.r[*].name
    cidrs  = local.cidrs
    first  = data.aws_iam_role.first.arn
    key    = data.aws_kms_key.k.arn == aws_kms_key.k.arn
    desc   = data.aws_kms_key.k.description
    region = data.aws_s3_bucket.b.region
    sids   = [for s in jsondecode(data.aws_iam_policy.p.policy).Statement : s.Sid]
    size   = var.size > 2 ? "big" : "small"
    b64    = base64decode(base64encode(replace(var.env, "/[aeiou]/", "_")))
  }
}
`;

  function configDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-hcl-'));
    writeFileSync(join(dir, 'main.tf'), HCL);
    writeFileSync(join(dir, 'trust.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
    writeFileSync(join(dir, 'desc.tpl'), 'key for ${env}');
    writeFileSync(join(dir, 'terraform.tfvars'), 'env = "tfvars"\n');
    writeFileSync(join(dir, 'b.auto.tfvars'), 'env = "auto"\n');
    return dir;
  }

  it('count, for_each, dynamic blocks, file, templatefile, functions, operators, lookups; *.auto.tfvars wins over terraform.tfvars', async () => {
    const r = await applyDir(configDir());
    expect(r.error?.message).toBeUndefined();
    expect(r.done.filter((d) => d.startsWith('aws_'))).toEqual([
      'aws_iam_role.r[0] 111111111111',
      'aws_iam_role.r[1] 111111111111',
      'aws_kms_key.k 111111111111',
      'aws_kms_alias.a 111111111111',
      'aws_s3_bucket.b["a"] 111111111111',
      'aws_s3_bucket.b["b"] 111111111111',
      'aws_s3_bucket_acl.b 111111111111',
      'aws_iam_policy.p 111111111111',
    ]);
    expect(r.result!.outputs.x).toEqual({
      roles: ['role-a-auto', 'role-b-auto'],
      cidrs: ['10.0.0.0/24', '10.0.1.0/24'],
      first: 'arn:aws:iam::111111111111:role/role-a-auto',
      key: true,
      desc: 'key for auto',
      region: 'us-east-1',
      sids: ['ReadA', 'ReadB'],
      size: 'big',
      b64: '__t_',
    });
  });

  it('--var wins over the tfvars files, and --var-file over *.auto.tfvars', async () => {
    const dir = configDir();
    writeFileSync(join(dir, 'extra.tfvars'), 'env = "file"\nnames = ["c"]\n');
    const loaded = await loadTerraform(dir, { varFiles: [join(dir, 'extra.tfvars')], vars: ['env=cli'] });
    const plan = planAll(loaded.documents);
    expect(plan[0]!.variables.get('env')).toBe('cli');
    expect(plan[0]!.variables.get('names')).toEqual(['c']);
    expect(plan[0]!.variables.get('size')).toBe(3);
  });

  it('a validation block that fails is a problem before anything is created, in Terraform\'s words', async () => {
    const loaded = await loadTerraform(TWO_TARGETS, { vars: ['accounts={ pipeline = "1", test = "222222222222", prod = "333333333333" }'] });
    const e = (() => {
      try {
        planAll(loaded.documents);
      } catch (x) {
        return x as ApplyConfigError;
      }
    })();
    expect(e).toBeInstanceOf(ApplyConfigError);
    // The providers built from the refused value are reported after it.
    expect(e!.problems[0]).toEqual({
      address: 'var.accounts',
      message: 'Invalid value for variable: Each account must be a 12-digit account id. (This was checked by the validation rule of var.accounts.)',
      at: 'variables.tf line 1',
    });
  });
});
