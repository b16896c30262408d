/**
 * AWS::SSM::Parameter and AWS::SSM::Parameter::Value<…> template parameters through the real CloudFormation and SSM
 * clients, over both transports: a stack creates, updates and deletes a parameter in the emulated Parameter Store,
 * and another stack's SSM-typed parameters take the values Parameter Store holds at create and update time.
 * Sources:
 * - Generated name "CFN-<logical id>-<random>": localstack
 *   tests/aws/services/cloudformation/resource_providers/ssm/test_parameter.snapshot.json (recorded against AWS,
 *   "CFN-MyResource-ywXNmT4uRH69"); after deletion GetParameter answers ParameterNotFound (same file, "deleted-resource").
 * - "Unable to fetch parameters [<name>] from parameter store for this account." (ValidationError, 400): quoted from
 *   AWS in CreateStack refusals ("ValidationError: Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from
 *   parameter store for this account. status code: 400").
 * - Read as the stack's service role when it has one, else as the caller (ssm-parameter-values.ts: AWS's service
 *   role page, and aws-samples/aws-cross-account-cicd-pipeline#33 fixed on the service role's policy).
 * - A reader that may not call ssm:GetParameters: 400 ValidationError "AccessDenied. User doesn't have permission to
 *   call ssm:GetParameters", as the AWS CLI printed it for CreateStack ("An error occurred (ValidationError) when
 *   calling the CreateStack operation: AccessDenied. User doesn't have permission to call ssm:GetParameters",
 *   yugabyte/yugabyte-db#4336, "the user who is creating the CFN stack … needs to have more permissions"), and as
 *   CodePipeline relayed it (aws-samples/aws-cross-account-cicd-pipeline#33 and #38: "(Service: AmazonCloudFormation; Status Code: 400; Error
 *   Code: ValidationError; …)").
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { awsError } from '../../../testing/errors.js';
import { A, settle } from '../test-fixtures.js';

const PARAMETER_TEMPLATE = (value: string) => `
Resources:
  Named:
    Type: AWS::SSM::Parameter
    Properties: { Name: /app/endpoint, Type: String, Value: ${value} }
  Unnamed:
    Type: AWS::SSM::Parameter
    Properties: { Type: StringList, Value: 'a,b' }
Outputs:
  UnnamedName: { Value: !Ref Unnamed }
  UnnamedValue: { Value: !GetAtt Unnamed.Value }
`;

const CONSUMER_TEMPLATE = `
Parameters:
  Endpoint: { Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/endpoint }
  Zones: { Type: 'AWS::SSM::Parameter::Value<List<String>>', Default: /app/zones }
Resources:
  Copy:
    Type: AWS::SSM::Parameter
    Properties: { Name: /consumer/copy, Type: String, Value: !Sub '\${Endpoint} in \${AWS::Region}' }
Outputs:
  Endpoint: { Value: !Ref Endpoint }
  FirstZone: { Value: !Select [0, !Ref Zones] }
`;

const READER_TEMPLATE = `
Parameters:
  Endpoint: { Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/endpoint }
Resources:
  Copy:
    Type: AWS::SSM::Parameter
    Properties: { Type: String, Value: !Ref Endpoint }
`;

describe.each(['in-process', 'http'] as const)('SSM resource and parameter types over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let ssm: SSMClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
    ssm = new SSMClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  const outputs = async (name: string) => Object.fromEntries(((await settle(cfn, name)).Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));

  it('creates, updates and deletes AWS::SSM::Parameter in Parameter Store', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'params', TemplateBody: PARAMETER_TEMPLATE('https://one') }));
    const out = await outputs('params');
    expect((await settle(cfn, 'params')).StackStatus).toBe('CREATE_COMPLETE');
    expect(out['UnnamedName']).toMatch(/^CFN-Unnamed-[A-Za-z0-9]{12}$/);
    expect(out['UnnamedValue']).toBe('a,b');
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/endpoint' }))).Parameter).toMatchObject({ Value: 'https://one', Version: 1 });

    await cfn.send(new UpdateStackCommand({ StackName: 'params', TemplateBody: PARAMETER_TEMPLATE('https://two') }));
    expect((await settle(cfn, 'params')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/endpoint' }))).Parameter).toMatchObject({ Value: 'https://two', Version: 2 });

    await cfn.send(new DeleteStackCommand({ StackName: 'params' }));
    // Polls until the deleted stack is no longer found by name.
    await settle(cfn, 'params').catch(() => undefined);
    expect(await awsError(ssm.send(new GetParameterCommand({ Name: '/app/endpoint' })))).toEqual({ code: 'ParameterNotFound', status: 400, message: 'UnknownError' });
  });

  it('resolves AWS::SSM::Parameter::Value<…> parameters from Parameter Store at create and update', async () => {
    expect(await awsError(cfn.send(new CreateStackCommand({ StackName: 'consumer', TemplateBody: CONSUMER_TEMPLATE })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'Unable to fetch parameters [/app/endpoint,/app/zones] from parameter store for this account.',
    });
    await ssm.send(new PutParameterCommand({ Name: '/app/endpoint', Value: 'https://api', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/app/zones', Value: 'us-east-1a,us-east-1b', Type: 'StringList' }));
    await cfn.send(new CreateStackCommand({ StackName: 'consumer', TemplateBody: CONSUMER_TEMPLATE }));
    expect(await outputs('consumer')).toEqual({ Endpoint: 'https://api', FirstZone: 'us-east-1a' });
    const stack = await settle(cfn, 'consumer');
    // DescribeStacks shows the name as ParameterValue and the value as ResolvedValue (localstack
    // tests/aws/services/cloudformation/test_change_sets.snapshot.json, test_dynamic_ssm_parameter_lookup).
    expect(stack.Parameters?.find((p) => p.ParameterKey === 'Endpoint')).toEqual({ ParameterKey: 'Endpoint', ParameterValue: '/app/endpoint', ResolvedValue: 'https://api' });
    expect((await ssm.send(new GetParameterCommand({ Name: '/consumer/copy' }))).Parameter?.Value).toBe('https://api in us-east-1');

    await ssm.send(new PutParameterCommand({ Name: '/app/endpoint', Value: 'https://api2', Overwrite: true }));
    await cfn.send(new UpdateStackCommand({ StackName: 'consumer', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Endpoint', ParameterValue: '/app/endpoint' }] }));
    expect((await settle(cfn, 'consumer')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await ssm.send(new GetParameterCommand({ Name: '/consumer/copy' }))).Parameter?.Value).toBe('https://api2 in us-east-1');
  });

  it("reads the parameters as the service role when the stack has one, else as the caller; a refusal in AWS's words", async () => {
    const iam = new IAMClient(emu.clientConfig(A));
    const allow = (Action: string[], Resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const user = `cfn-only-${transport}`;
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'cfn', PolicyDocument: allow(['cloudformation:*', 'iam:PassRole', 'ssm:PutParameter']) }));
    const role = async (name: string, actions: string[]) => {
      const { Role } = await iam.send(new CreateRoleCommand({ RoleName: `${name}-${transport}`, AssumeRolePolicyDocument: trust }));
      await iam.send(new PutRolePolicyCommand({ RoleName: `${name}-${transport}`, PolicyName: 'p', PolicyDocument: allow(actions) }));
      return Role!.Arn!;
    };
    const reader = await role('cfn-reads-ssm', ['*']);
    const blind = await role('cfn-no-ssm', ['ssm:PutParameter', 'ssm:DeleteParameter']);
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const asUser = new CloudFormationClient({ ...emu.clientConfig(A), credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    const refused = { code: 'ValidationError', status: 400, message: "AccessDenied. User doesn't have permission to call ssm:GetParameters" };
    expect(await awsError(asUser.send(new CreateStackCommand({ StackName: 'consumer-as-caller', TemplateBody: READER_TEMPLATE })))).toEqual(refused);
    expect(await awsError(asUser.send(new CreateStackCommand({ StackName: 'consumer-as-blind-role', TemplateBody: READER_TEMPLATE, RoleARN: blind })))).toEqual(refused);
    await asUser.send(new CreateStackCommand({ StackName: 'consumer-as-role', TemplateBody: READER_TEMPLATE, RoleARN: reader }));
    expect((await settle(cfn, 'consumer-as-role')).Parameters?.find((p) => p.ParameterKey === 'Endpoint')?.ResolvedValue).toMatch(/^https:\/\/api/);
    // An update without RoleARN reads as the role the stack keeps.
    await asUser.send(new UpdateStackCommand({ StackName: 'consumer-as-role', UsePreviousTemplate: true, Parameters: [{ ParameterKey: 'Endpoint', ParameterValue: '/app/zones' }] }));
    expect((await settle(cfn, 'consumer-as-role')).StackStatus).toBe('UPDATE_COMPLETE');
  });
});
