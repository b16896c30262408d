/**
 * Nested stacks (AWS::CloudFormation::Stack) through the real CloudFormation client over both transports: the
 * nested template read from the emulated S3 as the parent's service role, its parameters and outputs
 * (Fn::GetAtt Nested.Outputs.X), a failing nested stack failing and rolling back its parent, deletion with the parent.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackResourcesCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { A, allow, B, eventLines, failure, role, settle, setUp, trust } from './test-fixtures.js';

const CHILD = JSON.stringify({
  Parameters: { Env: { Type: 'String' } },
  Resources: {
    AppRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: { 'Fn::Sub': 'nested-app-${Env}' },
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      },
    },
  },
  Outputs: { RoleArn: { Value: { 'Fn::GetAtt': ['AppRole', 'Arn'] } } },
});

/** A nested stack whose bucket name another account owns: it fails with BucketAlreadyExists. */
const FAILING_CHILD = JSON.stringify({ Parameters: { Env: { Type: 'String' } }, Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'owned-by-b-xacct' } } } });

const parent = (key: string) =>
  JSON.stringify({
    Resources: {
      Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `https://s3.amazonaws.com/nested-templates-xacct/${key}`, Parameters: { Env: 'dev' } } },
    },
    Outputs: { ChildRole: { Value: { 'Fn::GetAtt': ['Nested', 'Outputs.RoleArn'] } } },
  });

describe.each(['in-process', 'http'] as const)('nested stacks (%s)', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  beforeAll(async () => {
    emu = await startEmulator({ transport });
    const who = await setUp(emu);
    cfn = new CloudFormationClient(emu.configFor(who.deployer));
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateRoleCommand({ RoleName: 'cfn-nesting', AssumeRolePolicyDocument: trust({ Service: 'cloudformation.amazonaws.com' }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'cfn-nesting', PolicyName: 'p', PolicyDocument: allow(['cloudformation:*', 'iam:*', 's3:*']) }));
    const s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: 'nested-templates-xacct' }));
    await s3.send(new PutObjectCommand({ Bucket: 'nested-templates-xacct', Key: 'child.json', Body: CHILD }));
    await s3.send(new PutObjectCommand({ Bucket: 'nested-templates-xacct', Key: 'failing.json', Body: FAILING_CHILD }));
    await new S3Client(emu.clientConfig(B)).send(new CreateBucketCommand({ Bucket: 'owned-by-b-xacct' }));
  });
  afterAll(async () => emu.dispose());

  it('creates the nested stack as the service role, with its parameters and outputs, and deletes it with the parent', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'outer', TemplateBody: parent('child.json'), RoleARN: role(A, 'cfn-nesting'), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    const stack = await settle(cfn, 'outer');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs).toEqual([{ OutputKey: 'ChildRole', OutputValue: `arn:aws:iam::${A}:role/nested-app-dev` }]);
    const [nested] = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'outer' }))).StackResources!;
    expect(nested).toMatchObject({ LogicalResourceId: 'Nested', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'CREATE_COMPLETE' });
    expect(nested!.ResourceStatusReason).toBeUndefined();
    const child = (await cfn.send(new DescribeStacksCommand({ StackName: nested!.PhysicalResourceId }))).Stacks![0]!;
    expect(child.StackName).toMatch(/^outer-Nested-[A-Z0-9]{12}$/);
    expect(child.Parameters).toEqual([{ ParameterKey: 'Env', ParameterValue: 'dev' }]);

    await cfn.send(new DeleteStackCommand({ StackName: 'outer' }));
    expect((await settle(cfn, stack.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    expect((await settle(cfn, nested!.PhysicalResourceId!)).StackStatus).toBe('DELETE_COMPLETE');
    expect(await failure(new IAMClient(emu.clientConfig(A)).send(new GetRoleCommand({ RoleName: 'nested-app-dev' })))).toMatchObject({ code: 'NoSuchEntityException', status: 404 });
  });

  it('a nested stack that fails fails its parent, which rolls back and deletes it', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'outer-2', TemplateBody: parent('failing.json').replace(/,"Outputs".*$/, '}'), RoleARN: role(A, 'cfn-nesting') }));
    expect((await settle(cfn, 'outer-2')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const lines = await eventLines(cfn, 'outer-2');
    const failed = lines.find((l) => l.startsWith('Nested CREATE_FAILED'))!;
    // "Embedded stack arn:aws:cloudformation:us-east-2:704743599507:stack/parallelcluster-fsx-fail-FSXSubstack-65ITLJEZJ0DQ/
    // 3a4ecf00-… was not successfully created: The following resource(s) failed to create: [FileSystem]." (AWS's
    // wording as aws-parallelcluster's CLI quotes it)
    expect(failed).toMatch(
      new RegExp(`^Nested CREATE_FAILED Embedded stack arn:aws:cloudformation:us-east-1:${A}:stack/outer-2-Nested-[A-Z0-9]{12}/[0-9a-f-]{36} was not successfully created: The following resource\\(s\\) failed to create: \\[Bucket\\]\\. ?$`),
    );
    const childId = /Embedded stack (\S+)/.exec(failed)![1]!;
    expect((await settle(cfn, childId)).StackStatus).toBe('DELETE_COMPLETE');
    expect(lines.slice(-3)).toEqual([expect.stringMatching(/^Nested DELETE_IN_PROGRESS/), 'Nested DELETE_COMPLETE', 'outer-2 ROLLBACK_COMPLETE']);
  });

  it('an AWS::Serverless::Application with a template URL is a nested stack', async () => {
    const sam = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  App:',
      '    Type: AWS::Serverless::Application',
      '    Properties:',
      '      Location: https://s3.amazonaws.com/nested-templates-xacct/child.json',
      '      Parameters: { Env: sam }',
      'Outputs:',
      '  AppRole: { Value: !GetAtt App.Outputs.RoleArn }',
    ].join('\n');
    await cfn.send(new CreateStackCommand({ StackName: 'sam-app', TemplateBody: sam, RoleARN: role(A, 'cfn-nesting'), Capabilities: ['CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] }));
    const stack = await settle(cfn, 'sam-app');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs).toEqual([{ OutputKey: 'AppRole', OutputValue: `arn:aws:iam::${A}:role/nested-app-sam` }]);
    const [app] = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'sam-app' }))).StackResources!;
    expect(app).toMatchObject({ LogicalResourceId: 'App', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'CREATE_COMPLETE' });

    // New parameters update the nested stack in place (its role is replaced, as its RoleName changed).
    await cfn.send(new UpdateStackCommand({ StackName: 'sam-app', TemplateBody: sam.replace('Env: sam', 'Env: sam2'), Capabilities: ['CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] }));
    const updated = await settle(cfn, 'sam-app');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    expect(updated.Outputs).toEqual([{ OutputKey: 'AppRole', OutputValue: `arn:aws:iam::${A}:role/nested-app-sam2` }]);
    const [same] = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'sam-app' }))).StackResources!;
    expect(same!.PhysicalResourceId).toBe(app!.PhysicalResourceId);
    expect((await settle(cfn, app!.PhysicalResourceId!)).StackStatus).toBe('UPDATE_COMPLETE');
  });
});
