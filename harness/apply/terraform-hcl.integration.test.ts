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
import { apply } from './apply.js';
import { ApplyResourceError } from './errors.js';
import { loadTerraform } from './load-hcl.js';
import type { ApplyEvent } from './types.js';

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
  const error = await apply(loaded.documents, { resolver: emu, onProgress: (e) => events.push(e) }).then(
    (result) => ({ result }),
    (e: unknown) => ({ error: e as ApplyResourceError }),
  );
  const notes = events.flatMap((e) => (e.type === 'note' ? [e.message] : []));
  const done = events.flatMap((e) => (e.type === 'done' ? [`${e.resource.address} ${e.resource.account}`] : []));
  return { ...error, notes, done };
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
