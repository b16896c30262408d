/**
 * AWS::CodeBuild::Project through a stack: the template's project (a role created in the same stack, an inline
 * BuildSpec, integers given as text) reaches CodeBuild as the SDK's CreateProjectCommandInput; Fn::GetAtt Arn and Ref
 * resolve; deleting the stack deletes the project. A service role CodeBuild cannot assume fails the resource with
 * CodeBuild's words (https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html#troubleshooting-assume-role)
 * in CloudFormation's legacy layout "(Service: AWSCodeBuild; Status Code: 400; Error Code: …)"
 * (udacity/cd0157-Server-Deployment-and-Containerization#47).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codebuild-project.html
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { BatchGetProjectsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { A, eventLines, settle } from '../test-fixtures.js';

const project = (role: object | string) => ({
  Type: 'AWS::CodeBuild::Project',
  Properties: {
    Name: 'from-template',
    ServiceRole: role,
    Source: { Type: 'CODEPIPELINE', BuildSpec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n' },
    Artifacts: { Type: 'CODEPIPELINE' },
    Environment: { Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL', Image: 'aws/codebuild/standard:7.0', EnvironmentVariables: [{ Name: 'STAGE', Value: 'prod' }] },
    TimeoutInMinutes: '15',
    Triggers: { Webhook: false },
  },
});

const TEMPLATE = JSON.stringify({
  Resources: {
    BuildRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      },
    },
    Project: project({ 'Fn::GetAtt': ['BuildRole', 'Arn'] }),
  },
  Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Project', 'Arn'] } }, Name: { Value: { Ref: 'Project' } } },
});

describe.each(['in-process', 'http'] as const)('AWS::CodeBuild::Project over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let cb: CodeBuildClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
    cb = new CodeBuildClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates the project as CodeBuild takes it, answers Ref and Arn, and deletes it with the stack', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'builds', TemplateBody: TEMPLATE, Capabilities: ['CAPABILITY_IAM'] }));
    expect((await settle(cfn, 'builds')).StackStatus).toBe('CREATE_COMPLETE');
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'builds' }))).Stacks![0]!;
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({ Arn: `arn:aws:codebuild:us-east-1:${A}:project/from-template`, Name: 'from-template' });
    const p = (await cb.send(new BatchGetProjectsCommand({ names: ['from-template'] }))).projects![0]!;
    expect(p).toMatchObject({ timeoutInMinutes: 15, source: { type: 'CODEPIPELINE' }, environment: { environmentVariables: [{ name: 'STAGE', value: 'prod' }] } });
    expect(p.source!.buildspec).toContain('make');
    expect(p.serviceRole).toMatch(new RegExp(`^arn:aws:iam::${A}:role/builds-BuildRole-`));
    await cfn.send(new DeleteStackCommand({ StackName: 'builds' }));
    expect((await settle(cfn, stack.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    expect((await cb.send(new BatchGetProjectsCommand({ names: ['from-template'] }))).projectsNotFound).toEqual(['from-template']);
  });

  it('fails the resource with CodeBuild\'s words when CodeBuild cannot assume the service role', async () => {
    const missing = `arn:aws:iam::${A}:role/no-such-role`;
    await cfn.send(new CreateStackCommand({ StackName: 'bad-role', TemplateBody: JSON.stringify({ Resources: { Project: project(missing) } }) }));
    expect((await settle(cfn, 'bad-role')).StackStatus).toBe('ROLLBACK_COMPLETE');
    expect((await eventLines(cfn, 'bad-role')).find((l) => l.includes('CREATE_FAILED') && l.includes('Project'))).toMatch(
      new RegExp(`CodeBuild is not authorized to perform: sts:AssumeRole on ${missing} \\(Service: AWSCodeBuild; Status Code: 400; Error Code: InvalidInputException; Request ID: [0-9a-f-]+`),
    );
  });
});
