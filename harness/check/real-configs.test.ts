/**
 * `xacct check` on a held-out real configuration: The Scale Factory's cross-account CodePipeline in Terraform
 * (/work/shared/corpus/real-configs/scalefactory-terraform-codepipeline-crossaccount-example, commit b06f7c9), as
 * published, beside what its authors' issue tracker reports.
 *
 * What the tracker reports: the issues corpus holds no issue or pull-request thread of
 * github.com/scalefactory/terraform-codepipeline-crossaccount-example (searched for the repository, its GitHub
 * source and its KMS and bucket policies; the repository is archived). So no reported defect is missed here; the
 * check finds one the tracker never recorded: the artifact key's policy grants "Allow use of the key" to Principal
 * "*" (pipeline-account/iam_policy_document.tf, its intended `local.pipeline_arn` commented out), so any account may
 * encrypt and decrypt with the key that protects every artifact (and manage grants on it: "Allow attachment of
 * persistent resources" to "*" too).
 * The CloudFormation configurations of the corpus (aws-refarch-cross-account-pipeline, whose tracker reports S3
 * AccessDenied in the source stage, awslabs/aws-refarch-cross-account-pipeline#1, and artifacts the build stage
 * cannot read through the KMS key, #5) are not checked here: applying them needs a CloudFormation deploy plan.
 *
 * Two inputs the configuration leaves to the person applying it are supplied, as its authors supplied them: the
 * `github` map (empty in conf.auto.tfvars) as a -var, and the GitHub source's OAuthToken, which the AWS provider
 * before 3.0 read from the GITHUB_TOKEN environment variable (github.com/hashicorp/terraform/issues/17002; 3.0
 * made it a configuration value, github.com/hashicorp/terraform/issues/26488). The copy gets that one line; nothing
 * else changes. The configuration's Region, eu-west-1, is the emulator's.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from './check.js';
import { grantLabel } from './report-text.js';
import type { CheckReport } from './types.js';

const CORPUS = '/work/shared/corpus/real-configs/scalefactory-terraform-codepipeline-crossaccount-example';
const PIPELINE = '111222333444/ExamplePipeline';
const ACTION_ROLE = 'arn:aws:iam::555666777888:role/CodePipelineAssumedRoleInTargetAccount';

/** The configuration as published, with the OAuthToken the pre-3.0 provider added from GITHUB_TOKEN. */
function asApplied(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-scalefactory-'));
  cpSync(CORPUS, dir, { recursive: true });
  const file = join(dir, 'pipeline-account', 'codepipeline.tf');
  const source = readFileSync(file, 'utf8');
  const withToken = source.replace('Branch = var.github["branch"]', 'Branch = var.github["branch"]\n        OAuthToken = "xacct-github-token"');
  if (withToken === source) throw new Error(`${file} no longer has the GitHub source's Branch line`);
  writeFileSync(file, withToken);
  return dir;
}

describe('xacct check on the Scale Factory Terraform configuration', () => {
  let report: CheckReport;
  beforeAll(async () => {
    report = await check({ stacks: { kind: 'terraform', dir: asApplied(), vars: ['github={ owner = "o", repo = "r", branch = "main" }'] }, region: 'eu-west-1' });
  }, 120_000);

  it('makes every hop of its pipeline: GitHub source written to the store, the target role reads it and deploys', () => {
    expect(report.hops.map((h) => [h.id, h.outcome])).toEqual([
      [`${PIPELINE}/assume-pipeline-role`, 'allowed'],
      [`${PIPELINE}/Source/Source/write-artifact/SourceArtifact`, 'allowed'],
      [`${PIPELINE}/Deploy/Deploy/assume-action-role`, 'allowed'],
      [`${PIPELINE}/Deploy/Deploy/read-artifact/SourceArtifact`, 'allowed'],
      [`${PIPELINE}/Deploy/Deploy/deploy-write`, 'allowed'],
    ]);
  });

  it('finds the defect no tracker reported: the artifact key lets any account use it', () => {
    const open = report.mustRefuse.filter((p) => p.outcome === 'open');
    expect(open.map((p) => p.id)).toEqual([`${PIPELINE}/outsider-uses-key`]);
    expect(open[0]!.fix).toMatch(/^remove whatever grants 999999999999 \(or "\*"\) use of arn:aws:kms:eu-west-1:111222333444:key\/[0-9a-f-]{36} in its key policy$/);
    expect(report.mustRefuse.filter((p) => p.outcome === 'held').map((p) => p.id)).toEqual([
      `${PIPELINE}/outsider-reads-artifact`,
      `outsider-assumes/${ACTION_ROLE}`,
      `bystander-assumes/${ACTION_ROLE}`,
    ]);
    expect(report.passed).toBe(false);
  });

  it('names the grants no hop needs: trust in CodeBuild, logs, KMS through IAM that the key policies already grant', () => {
    const unneeded = report.grants.filter((g) => g.verdict === 'not-needed').map(grantLabel);
    // The pipeline role also trusts codebuild.amazonaws.com, and the pipeline has no CodeBuild action.
    expect(unneeded).toContain('trust policy of arn:aws:iam::111222333444:role/ExamplePipeline › #1');
    // The pipeline role's CloudWatch Logs statement: no hop writes logs as it.
    expect(unneeded).toContainEqual(expect.stringMatching(/^arn:aws:iam::111222333444:policy\/terraform-\d+ › #2$/));
    // Key use the key policies grant the roles by name, granted again in their IAM policies.
    expect(unneeded.filter((l) => /:policy\/terraform-\d+ › #\d › action kms:(Encrypt|Decrypt)$/.test(l))).toHaveLength(4);
    // Key management (CreateGrant, ListGrants, RevokeGrant) granted to "*" on the pipeline account's key is a finding;
    // granted to the target account's own role on its key, administration.
    const attachment = (account: string) => report.grants.filter((g) => g.statement === 'Allow attachment of persistent resources' && g.policy.includes(`:${account}:key/`));
    expect(attachment('111222333444').map((g) => g.verdict)).toEqual(['not-needed', 'not-needed', 'not-needed', 'not-needed']);
    expect(attachment('555666777888').map((g) => g.verdict)).toEqual(['administration', 'administration', 'administration', 'administration']);
    // Each key's own account statement is administration, not a finding.
    expect(report.grants.filter((g) => g.verdict === 'administration' && g.statement === 'Enable IAM User Permissions')).toHaveLength(2);
  });
});
