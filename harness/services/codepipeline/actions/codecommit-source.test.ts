/**
 * A CodeCommit source in another account, end to end over both transports: the repository lives in 333333333333,
 * the pipeline in 111111111111; the source action runs as a role of the repository account trusted by the pipeline
 * account (aws-refarch-cross-account-pipeline's DevAccount/toolsacct-codepipeline-codecommit.yaml from
 * ../shared/corpus/real-configs, deployed through CloudFormation in that account as its authors deploy it), reads
 * the branch, and writes the zip into the pipeline's artifact bucket with
 * the pipeline's customer-managed key, whose policy names that role; then the pipeline role deploys the files.
 * Negatives, each at the source hop with the words the console shows:
 * - the key policy without the repository account's role: E083 carrying S3's AccessDenied with KMS's cross-account
 *   words (E006: "… is not authorized to perform: kms:GenerateDataKey on this resource because the resource does
 *   not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly
 *   denies access");
 * - a branch that does not exist: E085; a repository that does not exist: CodeCommit's own error (no recorded
 *   console wording);
 * - a role without codecommit:UploadArchive: E084, the denial recorded and explained.
 */
import { readFileSync } from 'node:fs';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CodeCommitClient, CreateRepositoryCommand, PutFileCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, CreatePipelineCommand, GetPipelineExecutionCommand, GetPipelineStateCommand, StartPipelineExecutionCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { DEFAULT_ACCOUNTS } from '../../../world/world.js';
import { allow, codeCommitPipeline, createPrincipals, PIPELINE_ACCOUNT, trust } from '../test-fixtures.js';
import { settle } from '../../cloudformation/test-fixtures.js';
import { waitForExecution } from '../wait.js';

const REPO_ACCOUNT = '333333333333';
const ROLE_NAME = 'ToolsAcctCodePipelineCodeCommitRole';
const SOURCE_ROLE = `arn:aws:iam::${REPO_ACCOUNT}:role/${ROLE_NAME}`;
const NARROW_ROLE = `arn:aws:iam::${REPO_ACCOUNT}:role/no-upload-archive`;
const ARTIFACTS = `cc-artifacts-${PIPELINE_ACCOUNT}`;
const DEPLOY = `cc-deploy-${PIPELINE_ACCOUNT}`;
const REPO_ARN = `arn:aws:codecommit:us-east-1:${REPO_ACCOUNT}:app`;

/** The repository account's role for the pipeline, from a real cross-account setup, deployed as its authors do. */
const DEV_ACCOUNT_TEMPLATE = '/work/shared/corpus/real-configs/aws-refarch-cross-account-pipeline/DevAccount/toolsacct-codepipeline-codecommit.yaml';

const keyPolicy = (roles: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PIPELINE_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      ...(roles.length ? [{ Sid: 'Source', Effect: 'Allow', Principal: { AWS: roles }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' }] : []),
    ],
  });

function pipeline(name: string, keyArn: string, o: { branch?: string; role?: string; repository?: string; format?: string } = {}): PipelineDeclaration {
  return codeCommitPipeline({
    name,
    artifactBucket: ARTIFACTS,
    deployBucket: DEPLOY,
    keyArn,
    sourceRole: o.role ?? SOURCE_ROLE,
    configuration: { RepositoryName: o.repository ?? 'app', BranchName: o.branch ?? 'main', PollForSourceChanges: 'false', ...(o.format ? { OutputArtifactFormat: o.format } : {}) },
  });
}

describe.each(['in-process', 'http'] as const)('a CodeCommit source in another account over %s', (transport) => {
  let emu: RunningEmulator;
  let cp: CodePipelineClient;
  let kms: KMSClient;
  let keyArn: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport, accounts: [...DEFAULT_ACCOUNTS, { name: 'repository', id: REPO_ACCOUNT }] });
    await createPrincipals(emu);
    kms = new KMSClient(emu.clientConfig(PIPELINE_ACCOUNT));
    keyArn = (await kms.send(new CreateKeyCommand({ Policy: keyPolicy([]) }))).KeyMetadata!.Arn!;
    const iamC = new IAMClient(emu.clientConfig(REPO_ACCOUNT));
    const cfn = new CloudFormationClient(emu.clientConfig(REPO_ACCOUNT));
    await cfn.send(
      new CreateStackCommand({
        StackName: 'toolsacct-codepipeline-codecommit',
        TemplateBody: readFileSync(DEV_ACCOUNT_TEMPLATE, 'utf8'),
        Parameters: [
          { ParameterKey: 'ToolsAccount', ParameterValue: PIPELINE_ACCOUNT },
          { ParameterKey: 'CMKARN', ParameterValue: keyArn },
        ],
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    expect((await settle(cfn, 'toolsacct-codepipeline-codecommit')).StackStatus).toBe('CREATE_COMPLETE');
    await iamC.send(new CreateRoleCommand({ RoleName: 'no-upload-archive', AssumeRolePolicyDocument: trust({ AWS: PIPELINE_ACCOUNT }) }));
    await iamC.send(new PutRolePolicyCommand({ RoleName: 'no-upload-archive', PolicyName: 'read', PolicyDocument: allow(['codecommit:GetBranch', 'codecommit:GetCommit', 's3:*', 'kms:*']) }));
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: keyPolicy([SOURCE_ROLE, NARROW_ROLE]) }));

    const s3 = new S3Client(emu.clientConfig(PIPELINE_ACCOUNT));
    await s3.send(new CreateBucketCommand({ Bucket: ARTIFACTS }));
    await s3.send(new CreateBucketCommand({ Bucket: DEPLOY }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: ARTIFACTS,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${REPO_ACCOUNT}:root` }, Action: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion'], Resource: `arn:aws:s3:::${ARTIFACTS}/*` }],
        }),
      }),
    );

    const cc = new CodeCommitClient(emu.clientConfig(REPO_ACCOUNT));
    await cc.send(new CreateRepositoryCommand({ repositoryName: 'app' }));
    first = (await cc.send(new PutFileCommand({ repositoryName: 'app', branchName: 'main', filePath: 'index.html', fileContent: new TextEncoder().encode('<h1>v1</h1>'), commitMessage: 'v1' }))).commitId!;
    second = (
      await cc.send(new PutFileCommand({ repositoryName: 'app', branchName: 'main', filePath: 'index.html', fileContent: new TextEncoder().encode('<h1>v2</h1>'), parentCommitId: first, commitMessage: 'v2' }))
    ).commitId!;

    cp = new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT));
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('cc', keyArn) }));
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('cc-no-branch', keyArn, { branch: 'release' }) }));
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('cc-narrow', keyArn, { role: NARROW_ROLE }) }));
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('cc-ghost', keyArn, { repository: 'ghost' }) }));
    await cp.send(new CreatePipelineCommand({ pipeline: pipeline('cc-clone', keyArn, { format: 'CODEBUILD_CLONE_REF' }) }));
  });
  afterAll(() => emu.dispose());

  const run = async (name: string, input: Partial<ConstructorParameters<typeof StartPipelineExecutionCommand>[0]> = {}) => {
    const { pipelineExecutionId } = await cp.send(new StartPipelineExecutionCommand({ name, ...input }));
    await waitForExecution(emu.emulator, PIPELINE_ACCOUNT, 'us-east-1', name, pipelineExecutionId!);
    return pipelineExecutionId!;
  };
  const source = async (name: string) => (await cp.send(new GetPipelineStateCommand({ name }))).stageStates![0]!.actionStates![0]!.latestExecution!;
  const page = async () => (await (await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new GetObjectCommand({ Bucket: DEPLOY, Key: 'index.html' }))).Body!.transformToString());

  it('zips the branch head as the repository account role, encrypted with the pipeline key, and deploys it', async () => {
    const id = await run('cc');
    const exec = (await cp.send(new GetPipelineExecutionCommand({ pipelineName: 'cc', pipelineExecutionId: id }))).pipelineExecution!;
    expect(exec.status).toBe('Succeeded');
    expect(exec.artifactRevisions).toEqual([expect.objectContaining({ name: 'SourceOutput', revisionId: second, revisionSummary: 'v2' })]);
    expect(await source('cc')).toMatchObject({ status: 'Succeeded', summary: 'v2', externalExecutionId: second });
    expect(await page()).toBe('<h1>v2</h1>');
  });

  it('runs the commit StartPipelineExecution names (sourceRevisions COMMIT_ID)', async () => {
    const id = await run('cc', { sourceRevisions: [{ actionName: 'App', revisionType: 'COMMIT_ID', revisionValue: first }] });
    const exec = (await cp.send(new GetPipelineExecutionCommand({ pipelineName: 'cc', pipelineExecutionId: id }))).pipelineExecution!;
    expect(exec.artifactRevisions).toEqual([expect.objectContaining({ revisionId: first, revisionSummary: 'v1' })]);
    expect(await page()).toBe('<h1>v1</h1>');
  });

  it('writes a reference to the commit instead of its files for CODEBUILD_CLONE_REF (format ours: not documented)', async () => {
    await run('cc-clone');
    expect(await source('cc-clone')).toMatchObject({ status: 'Succeeded', externalExecutionId: second });
    const ref = await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new GetObjectCommand({ Bucket: DEPLOY, Key: 'codecommit-clone-ref.json' }));
    expect(JSON.parse(await ref.Body!.transformToString())).toEqual({
      repositoryName: 'app',
      branchName: 'main',
      commitId: second,
      cloneUrlHttp: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app',
    });
  });

  it('fails at the source with E085 when the branch does not exist', async () => {
    await run('cc-no-branch');
    expect(await source('cc-no-branch')).toMatchObject({
      status: 'Failed',
      errorDetails: {
        code: 'JobFailed',
        message: 'The action failed because no branch named release was found in the selected AWS CodeCommit repository app. Make sure you are using the correct branch name, and then try again. Error: null',
      },
    });
  });

  it("fails at the source with CodeCommit's own error when the repository does not exist (no recorded console wording)", async () => {
    await run('cc-ghost');
    const failed = await source('cc-ghost');
    expect(failed.status).toBe('Failed');
    // "<name> does not exist": aws/aws-sdk-js features/codecommit/codecommit.feature; the SDK-for-Java form as in
    // aws-solutions-library-samples/guidance-for-carbon-data-lake-on-aws#50 (codecommit-source.ts's header).
    expect(failed.errorDetails?.message).toMatch(
      /^ghost does not exist \(Service: AWSCodeCommit; Status Code: 400; Error Code: RepositoryDoesNotExistException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
  });

  it('fails at the source with E084 when the role may not UploadArchive, and explains the denial', async () => {
    await run('cc-narrow');
    const failed = await source('cc-narrow');
    expect(failed.status).toBe('Failed');
    expect(failed.errorDetails?.message).toMatch(
      new RegExp(
        `^Insufficient permissions The service role or action role doesn\u2019t have the permissions required to access the AWS CodeCommit repository named app\\. Update the IAM role permissions, and then try again\\. Error: User: arn:aws:sts::${REPO_ACCOUNT}:assumed-role/no-upload-archive/\\d{13} is not authorized to perform: codecommit:UploadArchive on resource: ${REPO_ARN} because no identity-based policy allows the codecommit:UploadArchive action$`,
      ),
    );
    expect(emu.emulator.recentDenials()[0]).toMatchObject({ service: 'codecommit', request: { action: 'codecommit:UploadArchive', resource: REPO_ARN }, decision: { decision: 'implicitDeny' } });
  });

  it("fails at the source with S3's AccessDenied carrying KMS's words (E083, E006) once the key policy drops the repository account's role", async () => {
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: keyPolicy([NARROW_ROLE]) }));
    await run('cc');
    const failed = await source('cc');
    expect(failed.status).toBe('Failed');
    expect(failed.errorDetails?.code).toBe('JobFailed');
    expect(failed.errorDetails?.message).toMatch(
      new RegExp(
        `^Insufficient permissions The service role or action role doesn\u2019t have the permissions required to access the Amazon S3 bucket named ${ARTIFACTS}\\. Update the IAM role permissions, and then try again\\. Error: Amazon S3:AccessDenied:User: arn:aws:sts::${REPO_ACCOUNT}:assumed-role/${ROLE_NAME}/\\d{13} is not authorized to perform: kms:GenerateDataKey on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access \\(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: [0-9A-F]{16}; S3 Extended Request ID: \\S+; Proxy: null\\)$`,
      ),
    );
  });
});
