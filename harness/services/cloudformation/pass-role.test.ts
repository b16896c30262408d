/**
 * CloudFormation's iam:PassRole is a declared check (issue 14, item 3): CreateStack, UpdateStack, DeleteStack and
 * CreateChangeSet with a RoleARN refuse a caller who may not pass the role in IAM's words (errors.jsonl E066), and the
 * refusal is recorded with its explanation and fix under the request id the client saw. The call itself
 * (cloudformation:CreateStack) is authorized before the template is read, as AWS authorizes an API call before it
 * validates its parameters' content; iam:PassRole comes after the template validates.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError, refusedRequestId } from '../../testing/errors.js';
import { A, allow, role, settle, setUp, type Principals } from './test-fixtures.js';

const TEMPLATE = JSON.stringify({
  Resources: { Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] } } } },
});
const CHANGED = TEMPLATE.replace('s3:ListBucket', 's3:GetObject');
const CFN_ROLE = role(A, 'cfn-role');

describe.each(['in-process', 'http'] as const)('CloudFormation iam:PassRole over %s', (transport) => {
  let emu: RunningEmulator;
  let who: Principals;
  let noPass: CloudFormationClient;

  const passRoleDenied = {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${A}:user/nopass is not authorized to perform: iam:PassRole on resource: ${CFN_ROLE} because no identity-based policy allows the iam:PassRole action`,
  };

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    who = await setUp(emu);
    noPass = new CloudFormationClient(emu.configFor(who.noPass));
    const deployer = new CloudFormationClient(emu.configFor(who.deployer));
    await deployer.send(new CreateStackCommand({ StackName: 'kept', TemplateBody: TEMPLATE, RoleARN: CFN_ROLE, Capabilities: ['CAPABILITY_IAM'] }));
    expect((await settle(deployer, 'kept')).StackStatus).toBe('CREATE_COMPLETE');
  });
  afterAll(() => emu.dispose());

  function expectPassRoleRecorded(requestId: string): void {
    const record = emu.emulator.explain(requestId)!;
    expect(record).toMatchObject({
      service: 'cloudformation',
      request: { action: 'iam:PassRole', resource: CFN_ROLE, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      decision: { decision: 'implicitDeny' },
    });
    expect(record.decision.explanation).toMatch(new RegExp(`^No identity-based policy of arn:aws:iam::${A}:user/nopass `));
    expect(record.decision.fix).toContain('iam:PassRole');
  }

  it('records a refused PassRole of CreateStack with its explanation and fix', async () => {
    const create = () => noPass.send(new CreateStackCommand({ StackName: 'refused', TemplateBody: TEMPLATE, RoleARN: CFN_ROLE, Capabilities: ['CAPABILITY_IAM'] }));
    expect(await awsError(create())).toEqual(passRoleDenied);
    expectPassRoleRecorded(await refusedRequestId(create()));
  });

  it('records a refused PassRole of UpdateStack, DeleteStack and CreateChangeSet', async () => {
    const calls = [
      () => noPass.send(new UpdateStackCommand({ StackName: 'kept', TemplateBody: CHANGED, RoleARN: CFN_ROLE, Capabilities: ['CAPABILITY_IAM'] })),
      () => noPass.send(new DeleteStackCommand({ StackName: 'kept', RoleARN: CFN_ROLE })),
      () => noPass.send(new CreateChangeSetCommand({ StackName: 'kept', ChangeSetName: 'cs', TemplateBody: CHANGED, RoleARN: CFN_ROLE, Capabilities: ['CAPABILITY_IAM'] })),
    ];
    for (const call of calls) {
      expect(await awsError(call())).toEqual(passRoleDenied);
      expectPassRoleRecorded(await refusedRequestId(call()));
    }
  });

  it('answers a template error before PassRole, and authorizes the call itself before reading the template', async () => {
    expect(await awsError(noPass.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: '{"Resources": {}}', RoleARN: CFN_ROLE })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: 'Template format error: At least one Resources member must be defined.',
    });
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: 'passer' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'passer', PolicyName: 'p', PolicyDocument: allow(['iam:PassRole']) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'passer' }))).AccessKey!;
    const passer = new CloudFormationClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    const create = () => passer.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: '{"Resources": {}}', RoleARN: CFN_ROLE }));
    expect(await awsError(create())).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/passer is not authorized to perform: cloudformation:CreateStack on resource: arn:aws:cloudformation:us-east-1:${A}:stack/bad/* because no identity-based policy allows the cloudformation:CreateStack action`,
    });
    expect(emu.emulator.explain(await refusedRequestId(create()))?.request.action).toBe('cloudformation:CreateStack');
  });
});
