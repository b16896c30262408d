/**
 * AWS::CodeStarConnections::Connection through a stack, with the real CloudFormation client over both transports:
 * the connection is created (AVAILABLE, the emulator's deviation), Ref gives its ARN to a pipeline's
 * CodeStarSourceConnection action, Fn::GetAtt reads its attributes, and deleting the stack deletes it. A connection
 * the service refuses fails the resource in the registry handler's form (errors.jsonl E072/E081, resources/failure.ts)
 * around the service's ValidationException in Coral's words (../../params.ts).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codestarconnections-connection.html
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { CodeStarConnectionsClient, GetConnectionCommand, ListConnectionsCommand } from '@aws-sdk/client-codestar-connections';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { createPrincipals, PIPELINE_ACCOUNT, PIPELINE_ROLE } from '../../codepipeline/test-fixtures.js';
import { settle } from '../test-fixtures.js';

const BUCKET = `xacct-artifacts-${PIPELINE_ACCOUNT}`;

const template = (connectionName: string) =>
  JSON.stringify({
    Resources: {
      Connection: { Type: 'AWS::CodeStarConnections::Connection', Properties: { ConnectionName: connectionName, ProviderType: 'GitHub', Tags: [{ Key: 'team', Value: 'ci' }] } },
      Pipeline: {
        Type: 'AWS::CodePipeline::Pipeline',
        Properties: {
          Name: 'from-github',
          RoleArn: PIPELINE_ROLE,
          ArtifactStore: { Type: 'S3', Location: BUCKET },
          Stages: [
            {
              Name: 'Source',
              Actions: [
                {
                  Name: 'Source',
                  ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection', Version: '1' },
                  Configuration: { ConnectionArn: { Ref: 'Connection' }, FullRepositoryId: 'octo/app', BranchName: 'main' },
                  OutputArtifacts: [{ Name: 'SourceArtifact' }],
                },
              ],
            },
            { Name: 'Approve', Actions: [{ Name: 'Approve', ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' } }] },
          ],
        },
      },
    },
    Outputs: {
      Status: { Value: { 'Fn::GetAtt': ['Connection', 'ConnectionStatus'] } },
      Owner: { Value: { 'Fn::GetAtt': ['Connection', 'OwnerAccountId'] } },
      Name: { Value: { 'Fn::GetAtt': ['Connection', 'ConnectionName'] } },
    },
  });

describe.each(['in-process', 'http'] as const)('AWS::CodeStarConnections::Connection over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let connections: CodeStarConnectionsClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    await createPrincipals(emu);
    await new S3Client(emu.clientConfig(PIPELINE_ACCOUNT)).send(new CreateBucketCommand({ Bucket: BUCKET }));
    cfn = new CloudFormationClient(emu.clientConfig(PIPELINE_ACCOUNT));
    connections = new CodeStarConnectionsClient(emu.clientConfig(PIPELINE_ACCOUNT));
  });
  afterAll(() => emu.dispose());

  it('creates the connection a pipeline names by Ref, reads its attributes, and deletes it with the stack', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'github', TemplateBody: template('github') }));
    const stack = await settle(cfn, 'github');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({ Status: 'AVAILABLE', Owner: PIPELINE_ACCOUNT, Name: 'github' });
    const { pipeline } = await new CodePipelineClient(emu.clientConfig(PIPELINE_ACCOUNT)).send(new GetPipelineCommand({ name: 'from-github' }));
    const arn = pipeline!.stages![0]!.actions![0]!.configuration!['ConnectionArn']!;
    expect((await connections.send(new GetConnectionCommand({ ConnectionArn: arn }))).Connection).toMatchObject({ ConnectionName: 'github', ProviderType: 'GitHub' });
    await cfn.send(new DeleteStackCommand({ StackName: 'github' }));
    expect((await settle(cfn, stack.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    expect((await connections.send(new ListConnectionsCommand({}))).Connections).toEqual([]);
  });

  it("fails the resource in the handler's words when the service refuses the connection", async () => {
    const name = 'x'.repeat(33);
    await cfn.send(new CreateStackCommand({ StackName: 'too-long', TemplateBody: template(name) }));
    expect((await settle(cfn, 'too-long')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'too-long' }))).StackEvents ?? [];
    const failed = events.find((e) => e.LogicalResourceId === 'Connection' && e.ResourceStatus === 'CREATE_FAILED')!;
    expect(failed.ResourceStatusReason).toMatch(
      new RegExp(
        `^Resource handler returned message: "1 validation error detected: Value '${name}' at 'connectionName' failed to satisfy constraint: Member must have length less than or equal to 32 \\(Service: CodeStarConnections, Status Code: 400, Request ID: [0-9a-f-]+\\)" \\(RequestToken: [0-9a-f-]+, HandlerErrorCode: InvalidRequest\\)$`,
      ),
    );
  });
});
