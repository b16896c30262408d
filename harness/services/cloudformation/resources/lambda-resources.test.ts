/**
 * AWS::Lambda::Function and AWS::Lambda::Permission through the real CloudFormation and Lambda clients, over both
 * transports: a stack creates a function with its execution role and a permission for another account (Ref and
 * Fn::GetAtt Arn), the other account can then invoke it, and deleting the stack deletes both.
 * A role Lambda cannot assume fails the function in the registry handler's words with Lambda's message, "The role
 * defined for the function cannot be assumed by Lambda." and "(Service: Lambda, Status Code: 400" (pulumi/examples'
 * aws-native Lambda example README quotes this failure of AWS::Lambda::Function; botocore's form in pywren/pywren).
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { awsError } from '../../../testing/errors.js';
import { A, B, settle } from '../test-fixtures.js';

const template = (service: string) => `
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: ${service} }, Action: sts:AssumeRole }]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt FnRole.Arn
      Code: { ZipFile: "exports.handler = async () => 'hi';" }
  FromB:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '${B}' }
Outputs:
  Name: { Value: !Ref Fn }
  Arn: { Value: !GetAtt Fn.Arn }
`;

describe.each(['in-process', 'http'] as const)('AWS::Lambda::Function and AWS::Lambda::Permission over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates the function and its permission, and deletes them with the stack', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'fn', TemplateBody: template('lambda.amazonaws.com'), Capabilities: ['CAPABILITY_IAM'] }));
    const stack = await settle(cfn, 'fn');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const out = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(out['Name']).toMatch(/^fn-Fn-[A-Z0-9]{12}$/);
    expect(out['Arn']).toBe(`arn:aws:lambda:us-east-1:${A}:function:${out['Name']}`);
    const lambdaB = new LambdaClient(emu.clientConfig(B));
    expect((await lambdaB.send(new InvokeCommand({ FunctionName: out['Arn'] }))).StatusCode).toBe(200);
    await cfn.send(new DeleteStackCommand({ StackName: 'fn' }));
    await settle(cfn, 'fn').catch(() => undefined);
    expect(await awsError(new LambdaClient(emu.clientConfig(A)).send(new GetFunctionCommand({ FunctionName: out['Name'] })))).toEqual({
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${out['Arn']}`,
    });
  });

  it("fails the function in Lambda's words when the role does not trust Lambda", async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'untrusted', TemplateBody: template('ec2.amazonaws.com'), Capabilities: ['CAPABILITY_IAM'] }));
    expect((await settle(cfn, 'untrusted')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'untrusted' }))).StackEvents!;
    const failed = events.find((e) => e.LogicalResourceId === 'Fn' && e.ResourceStatus === 'CREATE_FAILED')!;
    expect(failed.ResourceStatusReason).toMatch(
      /^Resource handler returned message: "The role defined for the function cannot be assumed by Lambda\. \(Service: Lambda, Status Code: 400, Request ID: [0-9a-f-]{36}\)"/,
    );
  });
});
