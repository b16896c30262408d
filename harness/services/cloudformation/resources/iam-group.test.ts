/**
 * AWS::IAM::Group, AWS::IAM::UserToGroupAddition, and the Groups of AWS::IAM::Policy, AWS::IAM::ManagedPolicy and
 * AWS::IAM::User, through the real CloudFormation, IAM and STS clients over both transports: a stack makes a group
 * with its policies and members, a member acts with the group's permissions, an update moves the group and its
 * members, and deleting the stack removes it all.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-group.html (Ref: the group name;
 * Fn::GetAtt Arn), aws-resource-iam-policy.html (Groups), aws-resource-iam-managedpolicy.html (Groups),
 * aws-resource-iam-user.html (Groups), aws-resource-iam-usertogroupaddition.html.
 * Wordings: "The group with name X cannot be found." (404 NoSuchEntity, localstack
 * tests/aws/services/iam/test_iam_groups.snapshot.json, recorded against AWS); STS's AssumeRole refusal (errors.jsonl
 * E048).
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  DeleteAccessKeyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupsForUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { awsError } from '../../../testing/errors.js';
import { A, B, settle, trust } from '../test-fixtures.js';

const TARGET_ROLE = `arn:aws:iam::${B}:role/tools`;

const template = (opts: { path: string; member: boolean }) => `
Resources:
  Access:
    Type: AWS::IAM::Group
    Properties:
      GroupName: PipelineAccess
      Path: ${opts.path}
      Policies:
        - PolicyName: read
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: 's3:GetObject', Resource: '*' }] }
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  Assume:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: pipeline_access_policy
      Groups: [!Ref Access]
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: 'sts:AssumeRole', Resource: '${TARGET_ROLE}' }] }
  Listing:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Access]
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: 'iam:ListRoles', Resource: '*' }] }
  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Groups: ${opts.member ? '[!Ref Access]' : '[]'}
  Ops:
    Type: AWS::IAM::User
    Properties: { UserName: ops }
  OpsInAccess:
    Type: AWS::IAM::UserToGroupAddition
    Properties: { GroupName: !Ref Access, Users: [!Ref Ops] }
Outputs:
  Name: { Value: !Ref Access }
  Arn: { Value: !GetAtt Access.Arn }
  Listing: { Value: !Ref Listing }
`;

describe.each(['in-process', 'http'] as const)('AWS::IAM::Group over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let iam: IAMClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
    iam = new IAMClient(emu.clientConfig(A));
    await new IAMClient(emu.clientConfig(B)).send(new CreateRoleCommand({ RoleName: 'tools', AssumeRolePolicyDocument: trust({ AWS: A }) }));
  });
  afterAll(() => emu.dispose());

  const outputs = async (name: string) => Object.fromEntries(((await settle(cfn, name)).Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));

  it('creates the group with its policies and members, updates it and deletes it with the stack', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'groups', TemplateBody: template({ path: '/', member: true }), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect((await settle(cfn, 'groups')).StackStatus).toBe('CREATE_COMPLETE');
    const out = await outputs('groups');
    expect(out).toMatchObject({ Name: 'PipelineAccess', Arn: `arn:aws:iam::${A}:group/PipelineAccess` });

    const group = await iam.send(new GetGroupCommand({ GroupName: 'PipelineAccess' }));
    expect(group.Users?.map((u) => u.UserName).sort()).toEqual(['dev', 'ops']);
    expect((await iam.send(new GetGroupPolicyCommand({ GroupName: 'PipelineAccess', PolicyName: 'pipeline_access_policy' }))).PolicyName).toBe('pipeline_access_policy');
    expect((await iam.send(new GetGroupPolicyCommand({ GroupName: 'PipelineAccess', PolicyName: 'read' }))).PolicyName).toBe('read');
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'PipelineAccess' }))).AttachedPolicies?.map((p) => p.PolicyArn).sort()).toEqual(
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', out['Listing']].sort(),
    );

    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    const sts = new STSClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: TARGET_ROLE, RoleSessionName: 'dev' }));
    expect((await assume()).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${B}:assumed-role/tools/dev`);

    await cfn.send(new UpdateStackCommand({ StackName: 'groups', TemplateBody: template({ path: '/teams/', member: false }), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect((await settle(cfn, 'groups')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await outputs('groups'))['Arn']).toBe(`arn:aws:iam::${A}:group/teams/PipelineAccess`);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'dev' }))).Groups).toEqual([]);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'ops' }))).Groups?.map((g) => g.GroupName)).toEqual(['PipelineAccess']);
    expect(await awsError(assume())).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/dev is not authorized to perform: sts:AssumeRole on resource: ${TARGET_ROLE}`,
    });

    await cfn.send(new UpdateStackCommand({ StackName: 'groups', TemplateBody: template({ path: '/teams/', member: true }), Capabilities: ['CAPABILITY_NAMED_IAM'] }));
    expect((await settle(cfn, 'groups')).StackStatus).toBe('UPDATE_COMPLETE');
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'dev' }))).Groups?.map((g) => g.GroupName)).toEqual(['PipelineAccess']);

    await iam.send(new DeleteAccessKeyCommand({ UserName: 'dev', AccessKeyId: key.AccessKeyId }));
    await cfn.send(new DeleteStackCommand({ StackName: 'groups' }));
    await settle(cfn, 'groups').catch(() => undefined);
    expect(await awsError(iam.send(new GetGroupCommand({ GroupName: 'PipelineAccess' })))).toEqual({
      code: 'NoSuchEntity',
      status: 404,
      message: 'The group with name PipelineAccess cannot be found.',
    });
  });
});
