/**
 * AWS::CodeCommit::Repository through a stack, over both transports: the repository is created with its initial
 * content from a zip in S3 (Code.S3, committed on Code.BranchName), Ref is the repository ID and Fn::GetAtt gives
 * Arn, CloneUrlHttp, CloneUrlSsh and Name; a new description updates it in place; deleting the stack deletes it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codecommit-repository.html
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { CodeCommitClient, CreateRepositoryCommand, GetFileCommand, GetRepositoryCommand } from '@aws-sdk/client-codecommit';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { awsError } from '../../../testing/errors.js';
import { A, settle } from '../test-fixtures.js';

const template = (description: string) =>
  JSON.stringify({
    Resources: {
      Repo: {
        Type: 'AWS::CodeCommit::Repository',
        Properties: {
          RepositoryName: 'from-stack',
          RepositoryDescription: description,
          Code: { BranchName: 'develop', S3: { Bucket: 'seed-code', Key: 'seed.zip' } },
          Tags: [{ Key: 'team', Value: 'platform' }],
        },
      },
    },
    Outputs: {
      Id: { Value: { Ref: 'Repo' } },
      Arn: { Value: { 'Fn::GetAtt': ['Repo', 'Arn'] } },
      Http: { Value: { 'Fn::GetAtt': ['Repo', 'CloneUrlHttp'] } },
      Ssh: { Value: { 'Fn::GetAtt': ['Repo', 'CloneUrlSsh'] } },
      Name: { Value: { 'Fn::GetAtt': ['Repo', 'Name'] } },
    },
  });

describe.each(['in-process', 'http'] as const)('AWS::CodeCommit::Repository over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let cc: CodeCommitClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    const s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: 'seed-code' }));
    await s3.send(new PutObjectCommand({ Bucket: 'seed-code', Key: 'seed.zip', Body: zipSync({ 'buildspec.yml': strToU8('version: 0.2\n'), 'src/app.py': strToU8('print(1)\n') }) }));
    cfn = new CloudFormationClient(emu.clientConfig(A));
    cc = new CodeCommitClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates the repository with its initial commit, answers Ref and GetAtt, updates and deletes it', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'repo', TemplateBody: template('first') }));
    const stack = await settle(cfn, 'repo');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const meta = (await cc.send(new GetRepositoryCommand({ repositoryName: 'from-stack' }))).repositoryMetadata!;
    expect(meta).toMatchObject({ repositoryDescription: 'first', defaultBranch: 'develop' });
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({
      Id: meta.repositoryId,
      Arn: `arn:aws:codecommit:us-east-1:${A}:from-stack`,
      Http: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/from-stack',
      Ssh: 'ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/from-stack',
      Name: 'from-stack',
    });
    const file = await cc.send(new GetFileCommand({ repositoryName: 'from-stack', filePath: 'src/app.py', commitSpecifier: 'develop' }));
    expect(new TextDecoder().decode(file.fileContent)).toBe('print(1)\n');

    await cfn.send(new UpdateStackCommand({ StackName: 'repo', TemplateBody: template('second') }));
    expect((await settle(cfn, 'repo')).StackStatus).toBe('UPDATE_COMPLETE');
    const updated = (await cc.send(new GetRepositoryCommand({ repositoryName: 'from-stack' }))).repositoryMetadata!;
    expect({ id: updated.repositoryId, description: updated.repositoryDescription }).toEqual({ id: meta.repositoryId, description: 'second' });

    const stackId = (await cfn.send(new DescribeStacksCommand({ StackName: 'repo' }))).Stacks![0]!.StackId!;
    await cfn.send(new DeleteStackCommand({ StackName: 'repo' }));
    expect((await settle(cfn, stackId)).StackStatus).toBe('DELETE_COMPLETE');
    // aws/aws-sdk-js features/codecommit/codecommit.feature: "<name> does not exist".
    expect(await awsError(cc.send(new GetRepositoryCommand({ repositoryName: 'from-stack' })))).toEqual({ code: 'RepositoryDoesNotExistException', status: 400, message: 'from-stack does not exist' });
  });

  it("fails the resource with CodeCommit's error in the legacy form when the name is taken", async () => {
    await cc.send(new CreateRepositoryCommand({ repositoryName: 'taken' }));
    const body = JSON.stringify({ Resources: { Repo: { Type: 'AWS::CodeCommit::Repository', Properties: { RepositoryName: 'taken' } } } });
    await cfn.send(new CreateStackCommand({ StackName: 'taken-repo', TemplateBody: body }));
    expect((await settle(cfn, 'taken-repo')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'taken-repo' }))).StackEvents!;
    const failed = events.find((e) => e.LogicalResourceId === 'Repo' && e.ResourceStatus === 'CREATE_FAILED')!;
    // The form of guidance-for-carbon-data-lake-on-aws#50's CREATE_FAILED; the message as moto words it (errors.ts).
    expect(failed.ResourceStatusReason).toMatch(
      /^Repository named taken already exists \(Service: AWSCodeCommit; Status Code: 400; Error Code: RepositoryNameExistsException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
  });
});
