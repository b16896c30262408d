/**
 * Resource types xacct does not model are placeholders, not refusals: the stack completes, the IAM web around them
 * is created for real (a role's policy naming the function's ARN, a table's ARN in DynamoDB's format; the Lambda
 * function itself is real, lambda-function.ts), DescribeStackResources and
 * the stack events mark each placeholder, updates replace them and deletion removes them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html#aws-resource-lambda-function-return-values
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { NOT_EMULATED_PREFIX } from './resources/placeholder.js';
import { A, eventLines, role, settle, setUp } from './test-fixtures.js';

const template = (memory: number, table = 'orders') =>
  JSON.stringify({
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'my-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', MemorySize: memory, Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] }, Code: { ZipFile: 'x' } } },
      FnRole: {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
      },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: table, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] } },
      Format: { Type: 'Custom::Format', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Format: 'x' } },
      Invoker: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'invoke',
          Roles: [{ Ref: 'FnRole' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
              { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': ['Table', 'Arn'] } },
            ],
          },
        },
      },
    },
    Outputs: { FnName: { Value: { Ref: 'Fn' } }, Result: { Value: { 'Fn::GetAtt': ['Format', 'Result'] } } },
  });

describe.each(['in-process', 'http'] as const)('placeholders for types xacct does not model (%s)', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  beforeAll(async () => {
    emu = await startEmulator({ transport });
    const who = await setUp(emu);
    cfn = new CloudFormationClient(emu.configFor(who.deployer));
  });
  afterAll(async () => emu.dispose());

  it('completes the stack, creates the IAM around the placeholders and marks each one', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'app', TemplateBody: template(128), RoleARN: role(A, 'cfn-role'), Capabilities: ['CAPABILITY_IAM'] }));
    const stack = await settle(cfn, 'app');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs).toEqual([
      { OutputKey: 'FnName', OutputValue: 'my-fn' },
      { OutputKey: 'Result', OutputValue: 'xacct-not-emulated:Custom::Format:Format.Result' },
    ]);
    const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'app' }))).StackResources!;
    const marked = Object.fromEntries(resources.map((r) => [r.LogicalResourceId, r.ResourceStatusReason?.startsWith(NOT_EMULATED_PREFIX) ?? false]));
    expect(marked).toEqual({ Fn: false, FnRole: false, Table: true, Format: true, Invoker: false });
    expect(resources.find((r) => r.LogicalResourceId === 'Table')!.ResourceStatusReason).toBe(
      'Not emulated by xacct: AWS::DynamoDB::Table is a placeholder with AWS-shaped Ref and Fn::GetAtt values and no side effects',
    );
    expect(await eventLines(cfn, 'app')).toContain(
      'Format CREATE_COMPLETE Not emulated by xacct: custom resource Custom::Format (its Lambda function is not run) is a placeholder with AWS-shaped Ref and Fn::GetAtt values and no side effects',
    );
    const roleName = resources.find((r) => r.LogicalResourceId === 'FnRole')!.PhysicalResourceId!;
    const policy = await new IAMClient(emu.clientConfig(A)).send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'invoke' }));
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!)).Statement.map((s: { Resource: string }) => s.Resource)).toEqual([
      `arn:aws:lambda:us-east-1:${A}:function:my-fn`,
      `arn:aws:dynamodb:us-east-1:${A}:table/orders`,
    ]);
  });

  it('makes a resource whose properties use a custom resource\'s output a placeholder too (its value is unknown)', async () => {
    const body = JSON.stringify({
      Resources: {
        Principals: { Type: 'Custom::Format', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:format', List: ['222222222222'] } },
        Key: {
          Type: 'AWS::KMS::Key',
          Properties: {
            KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Principals', 'Result'] } }, Action: 'kms:*', Resource: '*' }] },
          },
        },
      },
      Outputs: { KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'unknowable', TemplateBody: body, RoleARN: role(A, 'cfn-role') }));
    const stack = await settle(cfn, 'unknowable');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs![0]!.OutputValue).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${A}:key/[0-9a-f-]{36}$`));
    const key = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'unknowable', LogicalResourceId: 'Key' }))).StackResources![0]!;
    expect(key.ResourceStatusReason).toBe(
      'Not emulated by xacct: AWS::KMS::Key is a placeholder: its properties use Custom::Format:Principals.Result, a value only a resource xacct does not emulate would give or name',
    );
  });

  it('replaces a changed placeholder on update and deletes placeholders with the stack', async () => {
    await cfn.send(new UpdateStackCommand({ StackName: 'app', TemplateBody: template(128, 'orders-v2'), Capabilities: ['CAPABILITY_IAM'] }));
    expect((await settle(cfn, 'app')).StackStatus).toBe('UPDATE_COMPLETE');
    const lines = await eventLines(cfn, 'app');
    expect(lines).toContain('Table UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.');
    expect(lines.at(-2)).toBe('Table DELETE_COMPLETE');
    const { StackId } = (await cfn.send(new DescribeStacksCommand({ StackName: 'app' }))).Stacks![0]!;
    await cfn.send(new DeleteStackCommand({ StackName: 'app' }));
    expect((await settle(cfn, StackId!)).StackStatus).toBe('DELETE_COMPLETE');
  });
});
