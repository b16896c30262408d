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
 *
 * The AWS reference architecture awslabs/aws-refarch-cross-account-pipeline (CloudFormation, commit 4f075e8, read
 * in place through the deploy plan test/fixtures/deploy-plans/corpus-plans.ts REFARCH_PLAN) is checked below, with
 * the one thing its README does by hand and no template does: `aws codecommit create-repository --repository-name
 * sample-lambda` in the development account (here a one-resource stack deployed first). What its tracker reports:
 * - #1 (https://github.com/awslabs/aws-refarch-cross-account-pipeline/issues/1, 2017, closed without a stated
 *   cause): the Source stage's App action gets "The service role or action role doesn't have the permissions
 *   required to access the Amazon S3 bucket ... Amazon S3:AccessDenied:Access Denied".
 * - #5 (https://github.com/awslabs/aws-refarch-cross-account-pipeline/issues/5, 2018, open): CodeBuild gets
 *   "AccessDenied: Access Denied status code: 403 ... for primary source and source version
 *   arn:aws:s3:::pre-reqartifactbucket-.../SourceOutp/..." : the build cannot read the artifact the development
 *   account's role wrote. A maintainer-less thread; davidkelley's diagnosis there: "the ToolsAccount/TestAccount
 *   doesn't own the object being uploaded by the DevAccount IAM Role"; JaghutTyrant's: the source stage could
 *   create SourceArtifact, the build stage could not read it.
 * As published and applied today, the check finds neither: every hop is allowed, because every bucket made now has
 * Object Ownership BucketOwnerEnforced (AWS's default since April 2023,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html), so the tools account owns the
 * artifact the development account's role writes and the bucket policy decides. The templates' permissions did not
 * change between the reports and this commit (git diff 65dd2af..4f075e8 touches no IAM, bucket or key policy).
 * Applied as those reporters' buckets were made, with ObjectWriter (the default before April 2023; the copy of
 * pre-reqs.yaml gets that one property, nothing else), the check finds #5's defect: the build's read of the source
 * artifact is refused with S3's bare 403 Access Denied, and the fix names the object's owner. #1 (the Source
 * action's own write) it does not reproduce: the App role's s3:* in its policy and the bucket policy allow the
 * write, with either ownership. The KMS refusals #5's thread names (floydding, oOPa: grant the key in its key
 * policy) are #8's defect (https://github.com/awslabs/aws-refarch-cross-account-pipeline/issues/8): a CodeBuild project
 * without EncryptionKey writes its output under the tools account's aws/s3 key, which the test and production
 * accounts cannot use. This commit has the EncryptionKey; with that one line removed the check finds it (each
 * deploy read refused with S3's KMS wording). Deviation left open: aws-cdk#14260 (https://github.com/aws/aws-cdk/pull/14260)
 * found that a cross-account CodeCommit source action also needs s3:PutObjectAcl, so CodePipeline sets an ACL on
 * the artifact it writes cross-account; which ACL is not recorded, so the check derives no such hop.
 *
 * adcreare/cloudformation code-pipeline-cross-account (commit 2bb5c14, ADCREARE_PLAN) never reaches a hop: its
 * tracker's reports, S3 AccessDenied on GetObject after the change set is created
 * (https://github.com/adcreare/cloudformation/issues/6) and "Cross-account pass role is not allowed"
 * (https://github.com/adcreare/cloudformation/issues/3), are run-time refusals of a pipeline the check cannot
 * create from the published templates, so it does not find them. What stops it, layer by layer, is asserted below.
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
import { ADCREARE_PLAN, CORPUS as CORPUS_ROOT, DEV, PROD, REFARCH_PLAN, TEST, TOOLS, writePlan } from '../../test/fixtures/deploy-plans/corpus-plans.js';
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

const REFARCH_PIPELINE = `${TOOLS}/sample-lambda-pipeline`;
const REFARCH = `${CORPUS_ROOT}/aws-refarch-cross-account-pipeline`;

/** A template of the corpus copied with one change (`from` must occur once), the plan pointed at the copy. */
function patched(dir: string, plan: string, template: string, from: string, to: string): string {
  const source = readFileSync(`${REFARCH}/${template}`, 'utf8');
  if (source.split(from).length !== 2) throw new Error(`${template} no longer holds ${JSON.stringify(from)} once`);
  const name = template.replace(/\//g, '-');
  writeFileSync(join(dir, name), source.replace(from, to));
  return plan.replaceAll(`${REFARCH}/${template}`, name);
}

/**
 * REFARCH_PLAN with the repository its README creates by hand deployed first; `object-writer`: pre-reqs.yaml makes
 * its artifact bucket with Object Ownership ObjectWriter, as buckets were made before April 2023; `no-build-key`:
 * the CodeBuild project without EncryptionKey, as issue #8 describes it.
 */
function refarchAsApplied(variant: 'published' | 'object-writer' | 'no-build-key'): string {
  let plan = REFARCH_PLAN.replace(
    'deployments:\n',
    'deployments:\n  - stack: sample-lambda-repository\n    template: repository.yaml\n    account: dev\n',
  );
  const dir = mkdtempSync(join(tmpdir(), 'xacct-refarch-'));
  writeFileSync(join(dir, 'repository.yaml'), 'Resources:\n  Repository:\n    Type: AWS::CodeCommit::Repository\n    Properties: { RepositoryName: sample-lambda, RepositoryDescription: Sample Lambda Function }\n');
  if (variant === 'object-writer') {
    const bucket = '  ArtifactBucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n';
    plan = patched(dir, plan, 'ToolsAcct/pre-reqs.yaml', bucket, `${bucket}    Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] } }\n`);
  }
  if (variant === 'no-build-key') plan = patched(dir, plan, 'ToolsAcct/code-pipeline.yaml', '      EncryptionKey: !Ref CMKARN\n', '');
  writeFileSync(join(dir, 'xacct.deploy.yaml'), plan);
  return dir;
}

const REFARCH_HOPS = [
  'assume-pipeline-role',
  'Source/App/assume-action-role',
  'Source/App/read-repository',
  'Source/App/write-artifact/SCCheckoutArtifact',
  'Build/Build/start-build',
  'Build/Build/codebuild-assumes-role',
  'Build/Build/read-artifact/SCCheckoutArtifact',
  'Build/Build/write-artifact/BuildOutput',
  ...['DeployToTest/CreateChangeSetTest', 'DeployToTest/DeployChangeSetTest', 'DeployToProduction/CreateChangeSetProd', 'DeployToProduction/DeployChangeSetProd'].flatMap((a) => [
    `${a}/assume-action-role`,
    `${a}/read-artifact/BuildOutput`,
    `${a}/pass-role`,
    `${a}/cloudformation-assumes-role`,
  ]),
].map((h) => `${REFARCH_PIPELINE}/${h}`);

/** The three action roles trust the tools account's root, so any administrator there may assume them. */
function expectRefarchProbes(report: CheckReport): void {
  const roles = [`arn:aws:iam::${DEV}:role/ToolsAcctCodePipelineCodeCommitRole`, `arn:aws:iam::${TEST}:role/ToolsAcctCodePipelineCloudFormationRole`, `arn:aws:iam::${PROD}:role/ToolsAcctCodePipelineCloudFormationRole`];
  expect(report.mustRefuse.map((p) => [p.id, p.outcome])).toEqual([
    [`${REFARCH_PIPELINE}/outsider-reads-artifact`, 'held'],
    [`${REFARCH_PIPELINE}/outsider-uses-key`, 'held'],
    ...roles.flatMap((r) => [[`outsider-assumes/${r}`, 'held'], [`bystander-assumes/${r}`, 'open']]),
  ]);
  for (const r of roles) {
    expect(report.mustRefuse.find((p) => p.id === `bystander-assumes/${r}`)!.fix).toBe(
      `name the pipeline role (arn:aws:iam::${TOOLS}:role/sample-lambda-codepipeline-role) in the trust policy of ${r} instead of the account root arn:aws:iam::${TOOLS}:root`,
    );
  }
}

/** The refarch applied as `variant` says and checked, once for the describe block that calls this. */
function checkRefarch(variant: Parameters<typeof refarchAsApplied>[0]): { report: CheckReport } {
  const run = {} as { report: CheckReport };
  beforeAll(async () => {
    run.report = await check({ stacks: { kind: 'cloudformation-plan', file: refarchAsApplied(variant) } });
  }, 120_000);
  return run;
}

describe('xacct check on awslabs/aws-refarch-cross-account-pipeline, as published', () => {
  const run = checkRefarch('published');

  it('allows every hop: the tracker\'s #1 and #5 are not found, the bucket owner owns every artifact today', () => {
    expect(run.report.hops.map((h) => [h.id, h.outcome])).toEqual(REFARCH_HOPS.map((id) => [id, 'allowed']));
  });

  it('leaves the action roles open to any administrator of the tools account', () => {
    expectRefarchProbes(run.report);
    expect(run.report.passed).toBe(false);
  });

  it('names the grants no hop needs', () => {
    const unneeded = run.report.grants.filter((g) => g.verdict === 'not-needed').map(grantLabel);
    const pipelinePolicy = 'role sample-lambda-codepipeline-role inline policy sample-lambda-codepipeline-policy';
    // The pipeline role's whole artifact-store statement and its kms:Decrypt: it never touches an artifact itself,
    // every action runs as an action role or CodeBuild's role.
    expect(unneeded).toContain(`${pipelinePolicy} › #1`);
    expect(unneeded).toContain(`${pipelinePolicy} › #2`);
    // Its CodeCommit and CloudFormation actions: the source and deploy actions run as the cross-account roles.
    expect(unneeded).toContain(`${pipelinePolicy} › #0 › action codecommit:GitPull`);
    expect(unneeded).toContain(`${pipelinePolicy} › #0 › action cloudformation:CreateChangeSet`);
    expect(unneeded).not.toContain(`${pipelinePolicy} › #0 › action codebuild:StartBuild`);
    // The bucket policy's principals no derived hop needs: the CodeBuild role, which its own account's IAM policy
    // already lets in, and the deployer roles CloudFormation assumes. Those the check misjudges: Lambda fetches the
    // code `sam package` uploaded to the bucket with the deployer role's credentials (the "Service:
    // AWSLambdaInternal" AccessDenied of https://github.com/aws/aws-cdk/issues/3765), a hop the check does not
    // derive because the code's key is decided by the build, not by the pipeline's definition.
    expect(unneeded.filter((l) => l.startsWith('bucket policy of ')).map((l) => l.replace(/^bucket policy of pre-reqs-artifactbucket-[a-z0-9]+ › /, ''))).toEqual([
      `#0 › principal arn:aws:iam::${TEST}:role/cloudformationdeployer-role`,
      `#0 › principal arn:aws:iam::${PROD}:role/cloudformationdeployer-role`,
      `#0 › principal arn:aws:iam::${TOOLS}:role/sample-lambda-CodeBuildRole`,
    ]);
    expect(run.report.grants.filter((g) => g.verdict === 'not-needed')).toHaveLength(49);
    expect(run.report.grants.filter((g) => g.verdict === 'needed')).toHaveLength(31);
    expect(run.report.grants.filter((g) => g.verdict === 'administration')).toHaveLength(13);
  });
});

describe('xacct check on awslabs/aws-refarch-cross-account-pipeline, its artifact bucket made with ObjectWriter (before April 2023)', () => {
  const run = checkRefarch('object-writer');

  it('finds #5: the build cannot read the source artifact the development account owns', () => {
    const read = `${REFARCH_PIPELINE}/Build/Build/read-artifact/SCCheckoutArtifact`;
    const at = REFARCH_HOPS.indexOf(read);
    const after = REFARCH_HOPS.slice(at + 1);
    // Every hop that needs BuildOutput waits on the refused read; CodeBuild's own role, the action roles and the
    // service roles CloudFormation is passed are still proven.
    const blocked = new Set([`${REFARCH_PIPELINE}/Build/Build/write-artifact/BuildOutput`, ...after.filter((h) => h.endsWith('/read-artifact/BuildOutput'))]);
    expect(run.report.hops.map((h) => [h.id, h.outcome])).toEqual(REFARCH_HOPS.map((id) => [id, id === read ? 'refused' : blocked.has(id) ? 'blocked' : 'allowed']));
    const refused = run.report.hops.find((h) => h.id === read)!;
    // S3's bare 403 for an object its bucket's owner does not own (issue #5's "AccessDenied: Access Denied status
    // code: 403").
    expect(refused.error).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    expect(refused.fix).toBe(
      `have the object owner (account ${DEV}) grant account ${TOOLS} READ in the object's ACL (PutObjectAcl), or set the bucket's Object Ownership to BucketOwnerEnforced (PutBucketOwnershipControls) so the bucket owner owns every object`,
    );
    expectRefarchProbes(run.report);
    expect(run.report.passed).toBe(false);
  });
});

describe('xacct check on awslabs/aws-refarch-cross-account-pipeline, its CodeBuild project without EncryptionKey (#8)', () => {
  const run = checkRefarch('no-build-key');

  it('finds the KMS refusal of #5\'s thread: the deploy accounts cannot decrypt what CodeBuild wrote under aws/s3', () => {
    const reads = REFARCH_HOPS.filter((h) => h.endsWith('/read-artifact/BuildOutput'));
    expect(run.report.hops.map((h) => [h.id, h.outcome])).toEqual(REFARCH_HOPS.map((id) => [id, reads.includes(id) ? 'refused' : 'allowed']));
    for (const id of reads) {
      const hop = run.report.hops.find((h) => h.id === id)!;
      // S3's GetObject of an SSE-KMS object whose key the caller cannot use (E025 in /work/shared/aws-facts/errors.jsonl).
      expect(hop.error).toEqual({ code: 'AccessDenied', status: 403, message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.' });
      const account = id.includes('DeployToTest') ? TEST : PROD;
      // The aws/s3 key is AWS managed: its key policy cannot be edited, so the fix names a customer managed key
      // instead (the project's EncryptionKey, as #8 says).
      expect(hop.fix).toMatch(new RegExp(`^the key policy of arn:aws:kms:us-east-1:${TOOLS}:key/[0-9a-f-]{36} is AWS's and cannot be changed: use a customer managed key instead, whose key policy allows arn:aws:iam::${account}:root \\(or arn:aws:iam::${account}:role/ToolsAcctCodePipelineCloudFormationRole\\) kms:Decrypt;`));
    }
  });
});

describe('xacct check on adcreare/cloudformation code-pipeline-cross-account: it fails before any hop', () => {
  const AD = `${CORPUS_ROOT}/adcreare-cloudformation/code-pipeline-cross-account`;
  const refusal = (role: string) => new RegExp(`InvalidStructureException \\(HTTP 400\\): ROLLBACK_COMPLETE: AppPipeline: arn:aws:iam::${TOOLS}:role/code-pipeline-CodePipeLineRole-[A-Z0-9]+ is not authorized to perform AssumeRole on role ${role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Service: AWSCodePipeline;`);
  /** ADCREARE_PLAN with the production account's role stack deployed before the pipeline. */
  const roleFirst = () => {
    const [head, ...entries] = ADCREARE_PLAN.split('  - stack: ');
    return [head, entries[0], entries[1], entries[3], entries[2]].join('  - stack: ');
  };

  it("in its README's order, CodePipeline refuses the pipeline: the production account's action role does not exist yet", async () => {
    await expect(check({ stacks: { kind: 'cloudformation-plan', file: writePlan(ADCREARE_PLAN) } })).rejects.toThrow(refusal(`arn:aws:iam::${PROD}:role/CodePipeline-Cross-Account-Role-Access`));
  }, 60_000);

  it("with that role first, the second deploy action's role is in its author's account (code-pipeline.yml, line 102)", async () => {
    await expect(check({ stacks: { kind: 'cloudformation-plan', file: writePlan(roleFirst()) } })).rejects.toThrow(refusal('arn:aws:iam::945437139977:role/CP-Cross-Account-Access'));
  }, 60_000);

  it("with that role the production account's, the artifact bucket is the console's default one, which no template makes", async () => {
    const dir = writePlan('');
    const line = 'RoleArn: arn:aws:iam::945437139977:role/CP-Cross-Account-Access';
    const template = readFileSync(`${AD}/deploy-account/code-pipeline.yml`, 'utf8');
    if (!template.includes(line)) throw new Error(`code-pipeline.yml no longer holds ${line}`);
    writeFileSync(join(dir, 'code-pipeline.yml'), template.replace(line, "RoleArn: !Sub 'arn:aws:iam::${ProdAccNumber}:role/CodePipeline-Cross-Account-Role-Access'"));
    writeFileSync(join(dir, 'xacct.deploy.yaml'), roleFirst().replace(`${AD}/deploy-account/code-pipeline.yml`, 'code-pipeline.yml'));
    await expect(check({ stacks: { kind: 'cloudformation-plan', file: dir } })).rejects.toThrow(
      `InvalidStructureException (HTTP 400): ROLLBACK_COMPLETE: AppPipeline: An error occurred while validating the artifact bucket 'codepipeline-us-east-1-${TOOLS}' (Service: AWSCodePipeline;`,
    );
  }, 60_000);
});
